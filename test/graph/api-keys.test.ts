import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { API_KEY_PATTERN } from "#src/services/api-keys/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows, postGraphQL } from "./support.js";

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { token key { id name prefix scopes createdAt expiresAt revokedAt } } }`;
const REVOKE_KEY = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const LIST_USERS = `{ users { nodes { id } } }`;

describe("API keys", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-02-02T12:00:00.000Z"));
  const newKey = async (scopes: string[], extra: Record<string, unknown> = {}) => {
    const res = await server.gql(CREATE_KEY, { input: { name: `key for ${scopes.join(" ")}`, scopes, ...extra } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.createApiKey as { token: string; key: { id: string; prefix: string; scopes: string[] } };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("returns the token once and stores only a hash of its secret", async () => {
    const { token, key } = await newKey(["users:read", "sessions:read"]);
    const match = API_KEY_PATTERN.exec(token);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(key.prefix);
    expect(key).toMatchObject({ name: "key for users:read sessions:read", scopes: ["users:read", "sessions:read"], expiresAt: null, revokedAt: null });

    const [row] = await server.database.db.select().from(tables.apiKeys).where(eq(tables.apiKeys.id, key.id));
    expect(row!.secretHash).toBe(createHash("sha256").update(match![2]!).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(match![2]!);

    const listed = await server.gql(`{ apiKeys { id prefix scopes } }`);
    expect(listed.data!.apiKeys).toContainEqual({ id: key.id, prefix: key.prefix, scopes: key.scopes });
    expect(JSON.stringify(listed)).not.toContain(match![2]!);
    expect(codeOf(await server.gql(`{ apiKeys { id token } }`))).toBe("BAD_USER_INPUT");
  });

  it("works as a bearer with exactly its scopes", async () => {
    const { token } = await newKey(["users:read"]);
    const read = await server.gql(LIST_USERS, {}, token);
    expect(read.errors).toBeUndefined();
    // Every user there is, the first start's passkey admin among them.
    const stored = await server.database.db.select({ id: tables.users.id }).from(tables.users);
    expect(stored.length).toBeGreaterThan(0);
    expect(read.data!.users.nodes.map((node: { id: string }) => node.id).sort()).toEqual(stored.map((row) => row.id).sort());

    expect(codeOf(await server.gql(`{ realms { name } }`, {}, token))).toBe("FORBIDDEN");
    expect(codeOf(await server.gql(`{ auditEvents { id } }`, {}, token))).toBe("FORBIDDEN");
    const usersBefore = await countRows(server, tables.users);
    const write = await server.gql(`mutation { createUser(input: {username: "by-key"}) { id } }`, {}, token);
    expect(codeOf(write)).toBe("FORBIDDEN");
    expect(write.data).toBeNull();
    expect(await countRows(server, tables.users)).toBe(usersBefore);
  });

  it("a key with users:write acts as itself: the audit names the key", async () => {
    const { token, key } = await newKey(["users:write"]);
    const res = await server.gql(`mutation { createUser(input: {username: "made-by-key"}) { id } }`, {}, token);
    expect(res.errors).toBeUndefined();
    const audit = await server.gql(`query($id: String!) { auditEvents(subjectId: $id) { action actorType actorId } }`, { id: res.data!.createUser.id });
    expect(audit.data!.auditEvents).toEqual([{ action: "user.create", actorType: "api_key", actorId: key.id }]);
  });

  it("the admin scope implies every other", async () => {
    const { token } = await newKey(["admin"]);
    expect((await server.gql(`{ realms { name } }`, {}, token)).errors).toBeUndefined();
    expect((await server.gql(`{ auditEvents(first: 1) { id } }`, {}, token)).errors).toBeUndefined();
  });

  it("a key cannot mint keys unless it has api-keys:write", async () => {
    const { token } = await newKey(["users:read", "users:write"]);
    const before = await countRows(server, tables.apiKeys);
    const res = await server.gql(CREATE_KEY, { input: { name: "escalate", scopes: ["admin"] } }, token);
    expect(codeOf(res)).toBe("FORBIDDEN");
    expect(await countRows(server, tables.apiKeys)).toBe(before);
  });

  it("a revoked key is refused with UNAUTHENTICATED", async () => {
    const { token, key } = await newKey(["users:read"]);
    expect((await server.gql(LIST_USERS, {}, token)).errors).toBeUndefined();
    const revoked = await server.gql(REVOKE_KEY, { id: key.id });
    expect(revoked.data!.revokeApiKey).toEqual({ id: key.id, revokedAt: clock.now().toISOString() });
    const res = await postGraphQL(server, { query: LIST_USERS }, `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(res.body.data ?? null).toBeNull();
  });

  it("an expired key is refused with UNAUTHENTICATED", async () => {
    const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const { token, key } = await newKey(["users:read"], { expiresAt });
    expect(key).toMatchObject({ expiresAt });
    clock.advance(3_599_000);
    expect((await server.gql(LIST_USERS, {}, token)).errors).toBeUndefined();
    clock.advance(1_000);
    expect(codeOf(await server.gql(LIST_USERS, {}, token))).toBe("UNAUTHENTICATED");
  });

  it("a token with a known prefix but the wrong secret is refused", async () => {
    const { token } = await newKey(["users:read"]);
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(codeOf(await server.gql(LIST_USERS, {}, tampered))).toBe("UNAUTHENTICATED");
  });

  it("answers API_KEY_NOT_FOUND when revoking a key that does not exist", async () => {
    expect(codeOf(await server.gql(REVOKE_KEY, { id: "01900000-0000-7000-8000-000000000000" }))).toBe("API_KEY_NOT_FOUND");
  });

  it.each([
    ["an unknown scope", { name: "k", scopes: ["users:read", "root"] }, "scopes"],
    ["an empty name", { name: "", scopes: ["users:read"] }, "name"],
  ])("refuses %s with BAD_USER_INPUT and stores nothing", async (_name, input, field) => {
    const before = await countRows(server, tables.apiKeys);
    const res = await server.gql(CREATE_KEY, { input });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await countRows(server, tables.apiKeys)).toBe(before);
  });
});
