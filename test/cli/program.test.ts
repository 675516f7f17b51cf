import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProgram } from "#src/cli/program.js";
import { capturedIo, cliStore, type CliStore } from "./store.js";

/** Runs the CLI in process as `npm run cli -- <argv>` would; commander's usage errors throw instead of exiting. */
async function cli(env: Record<string, string>, argv: string[], stdin = "") {
  const io = capturedIo(env, stdin);
  const program = createProgram(io).exitOverride();
  for (const command of program.commands) for (const sub of command.commands) sub.exitOverride();
  await program.parseAsync(argv, { from: "user" });
  return io;
}

describe("CLI program", () => {
  let store: CliStore;
  beforeAll(async () => {
    store = await cliStore();
  });
  afterAll(() => store?.dispose());

  it("migrates and reports the store", async () => {
    const io = await cli(store.env, ["migrate"]);
    expect(io.exitCode).toBe(0);
    expect(JSON.parse(io.out.join(""))).toEqual({ migrated: true, database: store.env.DATABASE_URL ? "postgres" : "pglite" });
  });

  it("prints the created realm as JSON and closes the store", async () => {
    const io = await cli(store.env, ["realm", "create", "ops"]);
    expect({ exitCode: io.exitCode, err: io.err }).toEqual({ exitCode: 0, err: [] });
    expect(JSON.parse(io.out.join(""))).toMatchObject({ name: "ops", id: expect.any(String) });
    // The embedded store can be opened again only once the run released it.
    const { database, services } = await store.open();
    try {
      expect(await services.realms.find("ops")).toBeDefined();
    } finally {
      await database.close();
    }
  });

  it("exits 1 with one line and no stack trace on a domain error", async () => {
    const io = await cli(store.env, ["realm", "create", "ops"]);
    expect(io.exitCode).toBe(1);
    expect(io.out).toEqual([]);
    expect(io.err).toEqual(["error: realm 'ops' already exists"]);
  });

  it("exits 1 with one line on a configuration error, without echoing the secret", async () => {
    const io = await cli({ ...store.env, ADMIN_API_KEY: "short-secret" }, ["migrate"]);
    expect(io.exitCode).toBe(1);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^error: invalid configuration: ADMIN_API_KEY/);
    expect(io.err[0]).not.toContain("short-secret");
  });

  it("creates a user, then sets the password read from stdin", async () => {
    const created = await cli(store.env, ["user", "create", "--realm", "ops", "--username", "grace", "--email", "grace@example.com", "--first-name", "Grace"]);
    expect(created.exitCode).toBe(0);
    const user = JSON.parse(created.out.join(""));
    expect(user).toMatchObject({ username: "grace", email: "grace@example.com", firstName: "Grace", lastName: null });

    const set = await cli(store.env, ["user", "set-password", user.id, "--password-stdin"], "piped in password\n");
    expect(set.exitCode).toBe(0);
    expect(JSON.parse(set.out.join(""))).toEqual({ userId: user.id, passwordSet: true });
    const { database, services } = await store.open();
    try {
      // The trailing newline of the pipe is not part of the password.
      expect((await services.passwords.matchCurrent(user.id, "piped in password"))?.userId).toBe(user.id);
    } finally {
      await database.close();
    }
  });

  it("takes no password on the command line", async () => {
    const run = cli(store.env, ["user", "set-password", "0190f5a8-0000-7000-8000-000000000000", "--password", "in-argv-secret"]);
    await expect(run).rejects.toBeInstanceOf(CommanderError);
    await expect(run).rejects.toMatchObject({ code: "commander.unknownOption" });
    const positional = cli(store.env, ["user", "set-password", "0190f5a8-0000-7000-8000-000000000000", "in-argv-secret"]);
    await expect(positional).rejects.toMatchObject({ code: "commander.excessArguments" });
  });

  it("creates a confidential client and prints its secret once", async () => {
    const io = await cli(store.env, ["client", "create", "--realm", "ops", "--client-id", "worker", "--confidential", "--grant", "client_credentials", "refresh_token"]);
    expect(io.exitCode).toBe(0);
    const result = JSON.parse(io.out.join(""));
    expect(result).toEqual({ client: expect.objectContaining({ clientId: "worker", public: false, grants: ["client_credentials", "refresh_token"] }), secret: expect.any(String) });
    expect(io.err).toEqual(["note: the client secret is shown only this once; store it now"]);
  });

  it("refuses a grant type that does not exist", async () => {
    const run = cli(store.env, ["client", "create", "--client-id", "x", "--grant", "implicit"]);
    await expect(run).rejects.toMatchObject({ code: "commander.invalidArgument" });
  });

  it("creates an API key and prints its token once", async () => {
    const io = await cli(store.env, ["api-key", "create", "--name", "ci", "--scope", "users:read", "sessions:read"]);
    expect(io.exitCode).toBe(0);
    const result = JSON.parse(io.out.join(""));
    expect(result.apiKey).toMatchObject({ name: "ci", scopes: ["users:read", "sessions:read"] });
    expect(result.token).toMatch(/^idk_/);
  });
});
