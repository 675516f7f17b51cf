import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { requestStatements } from "#test/support/statements.js";

const USERS_WITH_SESSIONS = `query($realm: String!) {
  users(realm: $realm, first: 100) { nodes { id username sessions { id userId status createdAt } } }
}`;
const SESSIONS_PER_USER = 2;
const USERS_WITH_EVERYTHING = `query($realm: String!) {
  users(realm: $realm, first: 100) { nodes {
    id username
    sessions { id }
    mfa { active options { id type data } }
    recoveryMethods { uid value verified }
    password { createdAt expiresOn graceEndsOn }
  } }
}`;

describe("DataLoader batching", () => {
  let server: TestServer;
  const statements: string[] = [];
  /** What each seeded user's sessions must be, newest first. */
  const expected = new Map<string, string[]>();

  /** Seeds in bulk: the batching of reads is under test, not the writes. */
  const seedRealm = async (name: string, users: number) => {
    const realm = await server.services.realms.create(name, {}, { type: "test" });
    const rows = await server.database.db
      .insert(tables.users)
      .values(Array.from({ length: users }, (_, i) => ({ realmId: realm.id, username: `${name}-${i}` })))
      .returning({ id: tables.users.id });
    for (let k = 0; k < SESSIONS_PER_USER; k++) {
      const createdAt = new Date(Date.UTC(2026, 0, 1, 0, k));
      const sessions = await server.database.db
        .insert(tables.sessions)
        .values(rows.map((u) => ({ realmId: realm.id, userId: u.id, kind: "browser" as const, createdAt })))
        .returning({ id: tables.sessions.id, userId: tables.sessions.userId });
      for (const s of sessions) expected.set(s.userId, [s.id, ...(expected.get(s.userId) ?? [])]);
    }
  };

  const measured = async (query: string, variables: Record<string, unknown>) => {
    statements.length = 0;
    const res = await server.gql(query, variables);
    return { res, count: statements.length };
  };

  /** Every second user a password; every third a verified TOTP; every fifth a WebAuthn MFA with two keys and backup codes; every fourth a recovery method. */
  const seedFactors = async (realm: string) => {
    const db = server.database.db;
    const realmRow = await server.services.realms.require(realm);
    const users = await db.select().from(tables.users).where(eq(tables.users.realmId, realmRow.id));
    const every = (n: number) => users.filter((_, i) => i % n === 0);
    await db.insert(tables.passwords).values(every(2).map((u) => ({ userId: u.id, hash: "$argon2id$not-a-real-hash", createdAt: new Date(Date.UTC(2026, 2, 1)) })));
    await db.insert(tables.mfas).values(every(3).map((u) => ({ userId: u.id, type: "totp" as const, label: "Phone", verified: true })));
    const webauthn = await db.insert(tables.mfas).values(every(5).map((u) => ({ userId: u.id, type: "webauthn" as const, label: "Keys", verified: true }))).returning();
    await db.insert(tables.mfaWebauthnCredentials).values(
      webauthn.flatMap((m) => [1, 2].map((k) => ({ mfaId: m.id, credentialId: `${m.id}-${k}`, publicKey: "pk", keyHandleHash: `h${m.id}-${k}`, label: `Key ${k}` }))),
    );
    const backup = await db.insert(tables.mfas).values(every(5).map((u) => ({ userId: u.id, type: "backupcode" as const, label: "Codes", verified: true }))).returning();
    await db.insert(tables.mfaCodes).values(backup.flatMap((m) => [1, 2, 3].map((k) => ({ mfaId: m.id, codeHash: `c${k}` }))));
    // Every seventh user whose only factor is a WebAuthn MFA with one key: it still counts (password extended).
    const keysOnly = await db.insert(tables.mfas).values(users.filter((_, i) => i % 7 === 0 && i % 3 !== 0 && i % 5 !== 0).map((u) => ({ userId: u.id, type: "webauthn" as const, label: "Keys", verified: true }))).returning();
    await db.insert(tables.mfaWebauthnCredentials).values(keysOnly.map((m) => ({ mfaId: m.id, credentialId: `only-${m.id}`, publicKey: "pk", keyHandleHash: `only-h${m.id}`, label: "Key 1" })));
    await db.insert(tables.recoveryMethods).values(every(4).map((u) => ({ uid: `uid-${u.id}`, userId: u.id, value: `${u.username}@example.org`, verified: true })));
    return users;
  };

  beforeAll(async () => {
    server = await startTestServer({ onQuery: requestStatements((sql) => statements.push(sql)), env: { PURGE_INTERVAL_SECONDS: "0" } });
    await seedRealm("ten", 10);
    await seedRealm("hundred", 100);
  });
  afterAll(() => server?.stop());

  it("a page of users with their sessions costs the same few queries for 10 users as for 100", async () => {
    const ten = await measured(USERS_WITH_SESSIONS, { realm: "ten" });
    const hundred = await measured(USERS_WITH_SESSIONS, { realm: "hundred" });
    expect(ten.res.errors).toBeUndefined();
    expect(hundred.res.errors).toBeUndefined();
    expect(ten.res.data!.users.nodes).toHaveLength(10);
    expect(hundred.res.data!.users.nodes).toHaveLength(100);

    expect(hundred.count).toBeLessThanOrEqual(4);
    expect(hundred.count).toBe(ten.count);
  });

  it("each user gets exactly its own sessions, newest first", async () => {
    const { res } = await measured(USERS_WITH_SESSIONS, { realm: "hundred" });
    for (const user of res.data!.users.nodes as { id: string; sessions: { id: string; userId: string }[] }[]) {
      expect(user.sessions.map((s) => s.id)).toEqual(expected.get(user.id));
      expect(user.sessions.every((s) => s.userId === user.id)).toBe(true);
    }
  });

  it("many users fetched by id in one request are loaded in one batch per level", async () => {
    const ids = [...expected.keys()].slice(0, 30);
    const fields = ids.map((_, i) => `u${i}: user(id: $id${i}) { username sessions { id } }`).join("\n");
    const query = `query(${ids.map((_, i) => `$id${i}: ID!`).join(", ")}) { ${fields} }`;
    const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    const { res, count } = await measured(query, variables);
    expect(res.errors).toBeUndefined();
    ids.forEach((id, i) => expect(res.data![`u${i}`].sessions.map((s: { id: string }) => s.id)).toEqual(expected.get(id)));
    expect(count).toBe(2);
  });

  it("a page of 100 users with sessions, MFA, recovery methods and password dates costs at most 5 statements, each user getting its own", async () => {
    const users = await seedFactors("hundred");
    await measured(USERS_WITH_EVERYTHING, { realm: "hundred" });
    const { res, count } = await measured(USERS_WITH_EVERYTHING, { realm: "hundred" });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(count, statements.join("\n")).toBeLessThanOrEqual(5);
    const byId = new Map(users.map((u, i) => [u.id, i]));
    const nodes = res.data!.users.nodes as any[];
    expect(nodes).toHaveLength(100);
    for (const node of nodes) {
      const i = byId.get(node.id)!;
      expect(node.sessions.map((x: { id: string }) => x.id)).toEqual(expected.get(node.id));
      expect(node.password === null).toBe(i % 2 !== 0);
      const keysOnly = i % 7 === 0 && i % 3 !== 0 && i % 5 !== 0;
      if (node.password) expect(node.password.expiresOn).toBe(i % 3 === 0 || i % 5 === 0 || keysOnly ? "2031-03-01T23:59:59.000Z" : "2027-03-01T23:59:59.000Z");
      const types = node.mfa.options.map((o: { type: string }) => o.type).sort();
      expect(types).toEqual([...(i % 5 === 0 ? ["backupcode"] : []), ...(i % 3 === 0 ? ["totp"] : []), ...(i % 5 === 0 || keysOnly ? ["webauthn"] : [])]);
      const keys = node.mfa.options.find((o: { type: string }) => o.type === "webauthn");
      if (keys) expect(keys.data.map((k: { label: string }) => k.label)).toEqual(keysOnly ? ["Key 1"] : ["Key 1", "Key 2"]);
      const codes = node.mfa.options.find((o: { type: string }) => o.type === "backupcode");
      if (codes) expect(codes.data).toEqual({ count: 3 });
      expect(node.recoveryMethods.map((m: { value: string }) => m.value)).toEqual(i % 4 === 0 ? [`${node.username}@example.org`] : []);
    }
  });
});
