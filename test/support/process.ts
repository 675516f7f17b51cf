import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

const root = new URL("../..", import.meta.url).pathname;

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

/** The real `src/main.ts` in a process of its own, on free ports, with the given environment. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const [port, internalPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), INTERNAL_PORT: String(internalPort), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const server = { child, port, internalPort, output: () => output };
  await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, server.output);
  await waitForHealth(`http://127.0.0.1:${internalPort}/healthz`, child, server.output);
  return server;
}
