import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "#src/http/index.js";
import { AUTH_PASSWORD } from "#test/support/auth-service.js";
import { ADMIN_KEY, TEST_SECRETS_KEY } from "#test/support/server.js";
import { FIXTURE_PASSWORDS, scanDir, secretsIn, WELL_KNOWN_SECRETS } from "./log-check.js";

const JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";

/** The scanner of the suite-wide log check finds what it must, and passes what the server logs. */
describe("log check scanner", () => {
  it("knows the suite's own secrets", () => {
    expect(WELL_KNOWN_SECRETS).toEqual([ADMIN_KEY, TEST_SECRETS_KEY]);
    expect(FIXTURE_PASSWORDS[0]).toBe(AUTH_PASSWORD);
  });

  it.each([
    ["a JWT", `{"msg":"issued","value":"${JWT}"}`],
    ["an API key (idk_)", `{"msg":"key idk_AbCdEf012345_${"x".repeat(43)}"}`],
    ["a webhook secret (whsec_)", `{"msg":"whsec_${"A".repeat(32)}"}`],
    ["a bearer credential", `{"msg":"sent Bearer abcdefghijklmnopqrstuvwxyz"}`],
    ["a header that carries credentials", `{"req":{"headers":{"cookie":"sid=1"}}}`],
    ["a refreshId cookie", `{"msg":"refreshId=bearer%20something-long"}`],
    ["a passkey session cookie", `{"msg":"__Host-auth=abcdefghijklmnop"}`],
    ["a password or token field with a value", `{"input":{"password":"hunter22"}}`],
    ["a well-known test secret", `{"msg":"${ADMIN_KEY}"}`],
    ["a well-known test secret", `{"msg":"${TEST_SECRETS_KEY}"}`],
    ["a test fixture's password", `{"msg":"login with ${AUTH_PASSWORD}"}`],
  ])("finds %s", (rule, line) => {
    expect(secretsIn(line)).toContain(rule);
  });

  it("passes what the server's logger writes for the same request, redacted", () => {
    const lines: string[] = [];
    const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
    logger.info({ req: { headers: { authorization: `Bearer ${JWT}`, cookie: "refreshId=x" } }, password: AUTH_PASSWORD, token: JWT }, "request completed");
    logger.info({ code: "INVALID_LOGIN_CODE", status: 403, path: "/system/auth/login" }, "a refusal");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(secretsIn(line)).toEqual([]);
  });

  it("names the file and line of a planted secret, and only files of its project", async () => {
    const dir = mkdtempSync(join(tmpdir(), "log-check-"));
    const clean = JSON.stringify({ level: 30, msg: "request completed", status: 200 });
    writeFileSync(join(dir, "pglite-1.log"), `${clean}\n${clean}\n${JSON.stringify({ msg: "oops", body: { password: "planted" } })}\n`);
    writeFileSync(join(dir, "postgres-2.log"), `${JSON.stringify({ msg: ADMIN_KEY })}\n`);
    const pglite = await scanDir(dir, "pglite-");
    expect(pglite.findings).toEqual([{ file: join(dir, "pglite-1.log"), line: 3, rule: "a password or token field with a value" }]);
    const postgres = await scanDir(dir, "postgres-");
    expect(postgres.findings.map((f) => f.line)).toEqual([1]);
    expect((await scanDir(join(dir, "missing"), "pglite-")).findings).toEqual([]);
  });
});
