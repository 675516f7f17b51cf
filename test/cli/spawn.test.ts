import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromSources, runNode } from "#test/support/process.js";
import { cliStore, type CliStore } from "./store.js";

/** The real entry point, as an operator runs it (from the sources here; test/build runs the build). */
const runCli = (env: Record<string, string>, args: string[]) => runNode([...fromSources("src/cli/main.ts"), ...args], env);

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
    expect(second.stderr).toBe("error: realm 'x' already exists\n");
  });

  it("an invalid configuration exits 1 with one line naming the variable, no stack and no value", async () => {
    const run = await runCli({ ...store.env, ADMIN_API_KEY: "short-secret" }, ["migrate"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("error: invalid configuration: ADMIN_API_KEY: must be at least 16 characters\n");
  });
});
