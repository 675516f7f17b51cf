import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";
import { requestStatements } from "#test/support/statements.js";

describe("forward auth's hot path", () => {
  let server: TestServer;
  const statements: string[] = [];
  beforeAll(async () => {
    ({ server } = await startPasskeyServer({ onQuery: requestStatements((sql) => statements.push(sql)) }));
  });
  afterAll(() => server?.stop());

  it("is one statement per request, on the token's unique index, and sees a logout at once", async () => {
    const user = new PasskeyBrowser(server.publicUrl);
    await user.register("?name=Hot");
    expect((await user.call("GET", "/auth/api/forward")).status).toBe(204);
    statements.length = 0;
    for (let i = 0; i < 5; i++) expect((await user.call("GET", "/auth/api/forward")).status).toBe(204);
    expect((await user.call("POST", "/auth/api/validate")).status).toBe(200);
    expect(statements).toHaveLength(6);
    expect(new Set(statements).size).toBe(1);
    expect(statements[0]).toMatch(/from "passkey_sessions" inner join "sessions"/);
    expect(statements[0]).toMatch(/where "passkey_sessions"."token_hash" = \$1/);

    const plan = await server.database.db.execute(`explain select session_id from passkey_sessions where token_hash = 'x'` as never);
    expect(JSON.stringify(plan)).toMatch(/passkey_sessions_token_key/);

    const token = user.cookie;
    expect((await user.call("POST", "/auth/api/logout")).status).toBe(200);
    user.cookie = token;
    expect((await user.call("GET", "/auth/api/forward", { headers: { accept: "application/json" } })).status).toBe(401);
  });
});
