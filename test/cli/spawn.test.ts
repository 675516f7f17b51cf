import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliStore, type CliStore } from "./store.js";

const root = new URL("../..", import.meta.url).pathname;

/** The real entry point, as an operator runs it. */
function runCli(env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "src/cli/main.ts", ...args], { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("CLI process", () => {
  let store: CliStore;
  beforeAll(async () => {
    store = await cliStore();
  });
  afterAll(() => store?.dispose());

  it("creates a realm and prints it as JSON; a second run exits 1 with one error line", async () => {
    const first = await runCli(store.env, ["realm", "create", "x"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ name: "x", enabled: true });

    const second = await runCli(store.env, ["realm", "create", "x"]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    // npx may add its own warnings; the CLI's part is exactly one line.
    const ours = second.stderr.split("\n").filter((line) => line && !line.startsWith("npm warn"));
    expect(ours).toEqual(["error: realm 'x' already exists"]);
  });
});
