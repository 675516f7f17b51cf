import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, PasskeyBrowser, signedInAdmin } from "#test/support/passkeys/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

/**
 * The passkey contract's forward auth and validate on the lean lane: they read the query
 * (`?perm=`), so a query does not send them to express; a Content-Type beside an empty body does
 * (src/http/lean-lane.ts, bodiless), which is how each pair below gets one answer from each path.
 */
describe("lean lane: passkey forward and validate", () => {
  let server: TestServer;
  let admin: PasskeyBrowser;
  let revoked: PasskeyBrowser;
  const lines: Record<string, unknown>[] = [];
  const leanLines = () => lines.filter((line) => line.lane === "lean");
  const VIA_EXPRESS = { "content-type": "text/plain", "content-length": "0" };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    server = await startTestServer({ logger: pino({ level: "info" }, sink), env: { RP_ID: "localhost", RP_NAME: "Test Auth" } });
    const adminLink = lines.find((line) => typeof line.passkeyAdminLink === "string")?.passkeyAdminLink as string;
    admin = await signedInAdmin(server, adminLink);
    revoked = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await revoked.register("?name=Revoked");
    const res = await fetch(`${server.internalUrl}/api/v1/internal/users/${user_uuid}/sessions/revoke-all`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason_code: "lean_lane_test", actor: { type: "system" } }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => server?.stop());

  const stable = (headers: Record<string, string | string[] | undefined>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !["date", "x-request-id", "keep-alive", "connection"].includes(name)));
  const ask = async (browser: PasskeyBrowser | undefined, method: string, path: string, headers: Record<string, string> = {}) => {
    const cookie: Record<string, string> = browser?.cookie ? { cookie: `__Host-auth=${browser.cookie}` } : {};
    const answer = await http(server.publicUrl, method, path, { host: browser?.host ?? "localhost", headers: { ...cookie, ...headers } });
    return { status: answer.status, headers: stable(answer.headers), text: answer.text };
  };

  const cases: [string, () => PasskeyBrowser | undefined, string, string, Record<string, string>, number][] = [
    ["forward with a live cookie", () => admin, "GET", "/auth/api/forward", {}, 204],
    ["forward with a permission held", () => admin, "GET", "/auth/api/forward?perm=auth:admin", {}, 204],
    ["forward with two permissions, one wildcard", () => admin, "GET", "/auth/api/forward?perm=auth:admin&perm=auth:*", {}, 204],
    ["forward with a permission lacking, for a browser", () => admin, "GET", "/auth/api/forward?perm=reports:read", { accept: "text/html" }, 403],
    ["forward with a permission lacking, for a program", () => admin, "GET", "/auth/api/forward?perm=reports:read", { accept: "application/json" }, 403],
    ["forward without a cookie", () => undefined, "GET", "/auth/api/forward", { accept: "text/html" }, 401],
    ["forward of a revoked session", () => revoked, "GET", "/auth/api/forward", { accept: "application/json" }, 401],
    ["validate with a live cookie", () => admin, "POST", "/auth/api/validate", {}, 200],
    ["validate with a permission lacking", () => admin, "POST", "/auth/api/validate?perm=reports:read", {}, 403],
    ["validate of a revoked session", () => revoked, "POST", "/auth/api/validate?perm=auth:admin", {}, 401],
  ];

  it.each(cases)("answers %s as express does, and serves it itself", async (_name, who, method, path, headers, status) => {
    const before = leanLines().length;
    const lean = await ask(who(), method, path, headers);
    expect(leanLines()).toHaveLength(before + 1);
    expect(leanLines().at(-1)).toMatchObject({ req: { method, path: path.split("?")[0] } });
    const viaExpress = await ask(who(), method, path, { ...headers, ...VIA_EXPRESS });
    expect(leanLines()).toHaveLength(before + 1);
    expect(lean.status).toBe(status);
    expect(lean).toEqual(viaExpress);
  });

  it("leaves a query the kit finds malformed to express, which answers it", async () => {
    const before = leanLines().length;
    for (const query of ["perm=%C3%28", "perm=a%00b", "perm=%ED%A0%80"]) {
      const answer = await ask(admin, "GET", `/auth/api/forward?${query}`, { accept: "application/json" });
      expect(answer.status, query).toBe(400);
    }
    expect(leanLines()).toHaveLength(before);
  });
});
