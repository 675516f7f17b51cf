import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { backend } from "#test/support/database.js";
import { AUTH_PASSWORD, loginTicket, newAuthUser } from "#test/support/auth-service.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const root = new URL("../..", import.meta.url).pathname;

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** A service of its own: verifies each ticket given on the command line and prints what it found. */
const CONSUMER = `
import { createTicketVerifier, TicketVerificationError } from "identity-server/ticket-verifier";
const [issuer, jwksUrl, ...tickets] = process.argv.slice(2);
const verify = createTicketVerifier({ issuer, jwksUrl });
const results = [];
for (const ticket of tickets) {
  try {
    const { userId, sessionId, expiresAt } = await verify(ticket === "-" ? undefined : ticket);
    results.push({ userId, sessionId, expiresAt: expiresAt.toISOString() });
  } catch (error) {
    if (!(error instanceof TicketVerificationError)) throw error;
    results.push({ failure: error.reason });
  }
}
console.log(JSON.stringify(results));
`;

/** The same use, type-checked against the subpath's declarations. */
const TYPED_CONSUMER = `
import { createTicketVerifier, type VerifiedTicket } from "identity-server/ticket-verifier";
const verify = createTicketVerifier({ issuer: "https://id.example.com/realms/master" });
export async function userOf(header: string | undefined): Promise<number> {
  const ticket: VerifiedTicket = await verify(header);
  return ticket.userId;
}
`;

// Builds and runs JavaScript in other processes, against one server: once, on the in-memory store.
describe.skipIf(backend() === "postgres")("the offline ticket verifier (identity-server/ticket-verifier), from a separate process", () => {
  const clock = new ManualClock();
  let server: TestServer;
  let consumerDir: string;

  beforeAll(async () => {
    const build = await run(join(root, "node_modules/.bin/tsc"), ["-b", "src/ticket-verifier"], root);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    consumerDir = await mkdtemp(join(tmpdir(), "ticket-consumer-"));
    await mkdir(join(consumerDir, "node_modules"));
    // Installed as a dependency is installed: the package by its name, its own dependencies (jose) beside it.
    await symlink(root, join(consumerDir, "node_modules/identity-server"), "dir");
    await writeFile(join(consumerDir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
    await writeFile(join(consumerDir, "verify.mjs"), CONSUMER);
    await writeFile(join(consumerDir, "typed.ts"), TYPED_CONSUMER);
    const compilerOptions = { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: [] };
    await writeFile(join(consumerDir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["typed.ts"] }));
    server = await startTestServer({ clock });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (consumerDir) await rm(consumerDir, { recursive: true, force: true });
  });

  it("verifies a ticket against the published keys, and tells expired, forged, foreign and malformed ones apart", async () => {
    const user = await newAuthUser(server);
    clock.set(new Date(Date.now() - 3600_000));
    const expired = await loginTicket(server, user.username);
    clock.set(new Date());
    const { token } = await loginTicket(server, user.username);
    const [head, body] = token.slice(7).split(".");
    const forged = `bearer ${head}.${body}.${Buffer.alloc(256, 1).toString("base64url")}`;
    const grant = await fetch(`${server.publicUrl}/realms/master/protocol/openid-connect/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "password", client_id: "app", username: user.username, password: AUTH_PASSWORD }),
    });
    const oidcToken = ((await grant.json()) as { access_token: string }).access_token;

    const issuer = `${server.config.publicUrl}/realms/master`;
    const jwksUrl = `${server.publicUrl}/realms/master/protocol/openid-connect/certs`;
    const result = await run(process.execPath, ["verify.mjs", issuer, jwksUrl, token, token.replace("bearer", "Bearer"), expired.token, forged, oidcToken, "garbage", "-"], consumerDir);
    expect(result.code, result.stderr).toBe(0);
    const sessionId = JSON.parse(Buffer.from(body!, "base64url").toString()).sessionId;
    expect(JSON.parse(result.stdout)).toEqual([
      { userId: user.numericId, sessionId, expiresAt: expect.any(String) },
      { userId: user.numericId, sessionId, expiresAt: expect.any(String) },
      { failure: "expired" },
      { failure: "invalid" },
      { failure: "invalid" },
      { failure: "malformed" },
      { failure: "missing" },
    ]);
  });

  it("ships declarations: a TypeScript consumer type-checks against the package subpath", async () => {
    const check = await run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], consumerDir);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
