import { createProgram } from "./program.js";
import type { CliIo } from "./runtime.js";

const io: CliIo = {
  env: process.env,
  stdin: process.stdin,
  print: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`${text}\n`),
  prompt: (text) => process.stderr.write(text),
  exitCode: 0,
};

await createProgram(io).parseAsync(process.argv);
process.exitCode = io.exitCode;
