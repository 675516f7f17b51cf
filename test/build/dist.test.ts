import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder } from "#src/db/migrate.js";
import { backend } from "#test/support/database.js";
import { runNode, spawnServer, type ServerProcess } from "#test/support/process.js";
import { ADMIN_KEY } from "#test/support/server.js";

const root = new URL("../..", import.meta.url).pathname;

function npmRunBuild(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "-s", "build"], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

// Production runs `node dist/…` (README, Dockerfile): build once, then run what was built.
// It needs no database of the test run, so it runs once, on the in-memory store.
describe.skipIf(backend() === "postgres")("the build in dist/ (npm run build; run once, on memory://)", () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    const build = await npmRunBuild();
    expect(build.code, build.output).toBe(0);
    server = await spawnServer({ DATABASE_URL: "memory://", ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: "silent", PURGE_INTERVAL_SECONDS: "0" }, ["dist/src/main.js"]);
    dataDir = await mkdtemp(join(tmpdir(), "identity-dist-cli-"));
  }, 300_000);
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const gql = async (query: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };

  it("leaves the tests on the sources: #src/* resolves to src/ here, not to dist/", () => {
    expect(migrationsFolder).toBe(join(root, "drizzle"));
  });

  it("serves the graph and the contracts after migrating from dist/drizzle", async () => {
    expect((await gql("{ realms { name } }")).data).toEqual({ realms: [{ name: "master" }] });
    const discovery = await fetch(`http://127.0.0.1:${server.port}/realms/master/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  });

  it("finds the bundled common-password list beside the compiled policy", async () => {
    const created = await gql(`mutation { createUser(input: {username: "ada"}) { id } }`);
    const refused = await gql(`mutation { setPassword(userId: "${created.data.createUser.id}", password: "Password123") }`);
    expect(refused.errors?.[0]).toMatchObject({ message: "password is too common: choose one that is harder to guess", extensions: { code: "BAD_USER_INPUT" } });
  });

  it("stops on an invalid configuration with one line naming the variable", async () => {
    const run = await runNode(["dist/src/main.js"], { DATABASE_URL: "memory://", ADMIN_API_KEY: "short-secret", PORT: "0", INTERNAL_PORT: "0" });
    expect(run).toEqual({ code: 1, stdout: "", stderr: "error: invalid configuration: ADMIN_API_KEY: must be at least 16 characters\n" });
  });

  it("runs the operator CLI compiled, with the same one-line errors", async () => {
    const created = await runNode(["dist/src/cli/main.js", "realm", "create", "acme"], { DATA_DIR: dataDir });
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: "acme", enabled: true });
    const refused = await runNode(["dist/src/cli/main.js", "migrate"], { DATA_DIR: dataDir, ADMIN_API_KEY: "short-secret" });
    expect(refused).toEqual({ code: 1, stdout: "", stderr: "error: invalid configuration: ADMIN_API_KEY: must be at least 16 characters\n" });
  });
});
