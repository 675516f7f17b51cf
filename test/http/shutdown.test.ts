import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { TEST_SECRETS_KEY } from "#test/support/server.js";

const root = new URL("../..", import.meta.url).pathname;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Polls until the URL answers, or the process dies, or the deadline passes. */
async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer ${url}:\n${output()}`);
}

describe("graceful shutdown of the real process", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it("exits 0 on SIGTERM after serving, and closes both listeners", async () => {
    const [port, internalPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), INTERNAL_PORT: String(internalPort), HOST: "127.0.0.1", DATABASE_URL: database.url, SECRETS_KEY: TEST_SECRETS_KEY, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, () => output);
      await waitForHealth(`http://127.0.0.1:${internalPort}/healthz`, child, () => output);

      child.kill("SIGTERM");
      // The server forces exit 1 after 10 s; a clean stop must come well before this bound.
      const bound = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 8 s:\n${output}`)), 8_000).unref());
      const [code, signal] = await Promise.race([exited, bound]);
      expect({ code, signal }, output).toEqual({ code: 0, signal: null });
      expect(output).toContain("shutting down");
      for (const p of [port, internalPort]) {
        await expect(fetch(`http://127.0.0.1:${p}/healthz`)).rejects.toThrow();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
