import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { runLogDir } from "#test/security/log-check-dir.js";

const root = new URL("../..", import.meta.url).pathname;

/**
 * Node arguments that run a TypeScript entry point from the sources, as the tests do: tsx
 * compiles on the fly, and the ts-source condition maps #src/* and #compat/* to src/ and
 * compat/ (package.json "imports"); without it they would load whatever build is in dist/.
 */
export const fromSources = (entry: string): string[] => ["--conditions=ts-source", "--import", "tsx", entry];

export interface Exited {
  code: number;
  stdout: string;
  stderr: string;
}

/** Node with these arguments in the repository root, run to its end. */
export function runNode(args: string[], env: Record<string, string>): Promise<Exited> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls until the URL answers, or the process dies, or the deadline passes. */
export async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url}:\n${output()}`);
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  internalPort: number;
  output(): string;
}

/**
 * The real server in a process of its own, on free ports, with the given environment: by
 * default `src/main.ts` from the sources; `["dist/src/main.js"]` runs the build.
 */
export async function spawnServer(env: Record<string, string>, args = fromSources("src/main.ts")): Promise<ServerProcess> {
  const [port, internalPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), INTERNAL_PORT: String(internalPort), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  // Its log lines join the run's, for the suite-wide log check (test/security/log-check.global.ts).
  if (process.env.TEST_RUN_ID) {
    const dir = runLogDir(process.env.TEST_RUN_ID);
    mkdirSync(dir, { recursive: true });
    const file = createWriteStream(join(dir, `${process.env.TEST_DB ?? "pglite"}-spawned-${process.pid}-${child.pid}.log`));
    child.stdout!.pipe(file);
    child.stderr!.pipe(file, { end: false });
  }
  const server = { child, port, internalPort, output: () => output };
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, server.output);
  await waitForHealth(`http://127.0.0.1:${internalPort}/healthz`, child, server.output);
  return server;
}
