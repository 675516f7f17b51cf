import { createInterface } from "node:readline";
import { Writable } from "node:stream";

type Input = NodeJS.ReadableStream & { isTTY?: boolean };

/** Everything piped in, minus the one line break `echo` or a file adds. */
async function readAll(input: Input): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** One line typed at a terminal, not echoed: readline writes its echo into a sink. */
function promptHidden(input: Input, prompt: (text: string) => void): Promise<string> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input, output: sink, terminal: true });
  prompt("Password: ");
  return new Promise((resolve, reject) => {
    // Settle before close(): close emits "close" at once, and the first settlement wins.
    rl.once("line", (line) => {
      resolve(line);
      prompt("\n");
      rl.close();
    });
    rl.once("SIGINT", () => {
      reject(new Error("cancelled"));
      rl.close();
    });
    // End of input (Ctrl-D) before any line.
    rl.once("close", () => reject(new Error("no password given")));
  });
}

/**
 * The new password comes from stdin: a hidden prompt at a terminal, otherwise (or with
 * --password-stdin) the whole of stdin, as `docker login --password-stdin` reads it.
 */
export function readPassword(input: Input, prompt: (text: string) => void, fromStdin: boolean): Promise<string> {
  return input.isTTY && !fromStdin ? promptHidden(input, prompt) : readAll(input);
}
