import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows, createUser, openSessions } from "./support.js";

interface Case {
  /** Prepares what the mutation acts on (writing events of its own). */
  setup?(): Promise<string>;
  /** Runs the one mutation under test; returns the subject its event must name. */
  mutate(prepared: string): Promise<{ subjectType: string; subjectId: string }>;
  action: string;
}

describe("audit events", () => {
  let server: TestServer;
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${++n}`;
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await server.gql(query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  const newestAudit = async () => (await server.database.db.select().from(tables.auditEvents).orderBy(desc(tables.auditEvents.id)).limit(1))[0]!;

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  const newUserId = async () => (await createUser(server, { username: unique("user") })).id;
  const newRealm = async () => {
    const name = unique("realm");
    await ok(`mutation($n: String!) { createRealm(input: {name: $n}) { id } }`, { n: name });
    return name;
  };
  const cases: Record<string, Case> = {
    createRealm: {
      action: "realm.create",
      mutate: async () => ({ subjectType: "realm", subjectId: (await ok(`mutation($n: String!) { createRealm(input: {name: $n}) { id } }`, { n: unique("realm") })).createRealm.id }),
    },
    updateRealm: {
      action: "realm.update",
      setup: newRealm,
      mutate: async (name) => ({ subjectType: "realm", subjectId: (await ok(`mutation($n: String!) { updateRealm(name: $n, input: {enabled: false}) { id } }`, { n: name })).updateRealm.id }),
    },
    createClient: {
      action: "client.create",
      mutate: async () => ({
        subjectType: "client",
        subjectId: (await ok(`mutation($c: String!) { createClient(input: {clientId: $c, public: false, grants: ["client_credentials"]}) { client { id } } }`, { c: unique("client") })).createClient.client.id,
      }),
    },
    createUser: {
      action: "user.create",
      mutate: async () => ({ subjectType: "user", subjectId: await newUserId() }),
    },
    updateUser: {
      action: "user.update",
      setup: newUserId,
      mutate: async (id) => {
        await ok(`mutation($id: ID!) { updateUser(id: $id, input: {firstName: "New"}) { id } }`, { id });
        return { subjectType: "user", subjectId: id };
      },
    },
    deactivateUser: {
      action: "user.update",
      setup: newUserId,
      mutate: async (id) => {
        await ok(`mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id });
        return { subjectType: "user", subjectId: id };
      },
    },
    setPassword: {
      action: "user.password.set",
      setup: newUserId,
      mutate: async (id) => {
        await ok(`mutation($id: ID!) { setPassword(userId: $id, password: "Harbor-Tulip-6024-Signal") }`, { id });
        return { subjectType: "user", subjectId: id };
      },
    },
    revokeSession: {
      action: "session.revoke",
      setup: async () => (await openSessions(server, await newUserId(), 1))[0]!,
      mutate: async (id) => {
        await ok(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "audit_test") { outcome } }`, { id });
        return { subjectType: "session", subjectId: id };
      },
    },
    revokeAllUserSessions: {
      action: "session.revoke_all",
      setup: async () => {
        const id = await newUserId();
        await openSessions(server, id, 3);
        return id;
      },
      mutate: async (id) => {
        await ok(`mutation($id: ID!) { revokeAllUserSessions(userId: $id, reasonCode: "audit_test") { outcome } }`, { id });
        return { subjectType: "user", subjectId: id };
      },
    },
    blockSubject: {
      action: "block.create",
      setup: async () => {
        const id = await newUserId();
        await openSessions(server, id, 2);
        return id;
      },
      mutate: async (id) => {
        await ok(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "audit_test"}) { outcome } }`, { id });
        return { subjectType: "user", subjectId: id };
      },
    },
    removeBlock: {
      action: "block.remove",
      setup: async () => {
        const id = await newUserId();
        return (await ok(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "audit_test"}) { block { id } } }`, { id })).blockSubject.block.id;
      },
      mutate: async (blockId) => ({ subjectType: "user", subjectId: (await ok(`mutation($id: ID!) { removeBlock(id: $id) { userId } }`, { id: blockId })).removeBlock.userId }),
    },
    createApiKey: {
      action: "api_key.create",
      mutate: async () => ({ subjectType: "api_key", subjectId: (await ok(`mutation { createApiKey(input: {name: "audited", scopes: ["users:read"]}) { key { id } } }`)).createApiKey.key.id }),
    },
    revokeApiKey: {
      action: "api_key.revoke",
      setup: async () => (await ok(`mutation { createApiKey(input: {name: "audited", scopes: ["users:read"]}) { key { id } } }`)).createApiKey.key.id,
      mutate: async (id) => ({ subjectType: "api_key", subjectId: (await ok(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id })).revokeApiKey.id }),
    },
  };

  it.each(Object.entries(cases))("%s writes exactly one audit event naming the action, subject and actor", async (_name, c) => {
    const prepared = c.setup ? await c.setup() : "";
    const before = await countRows(server, tables.auditEvents);
    const subject = await c.mutate(prepared);
    expect(await countRows(server, tables.auditEvents)).toBe(before + 1);
    expect(await newestAudit()).toMatchObject({ action: c.action, ...subject, actorType: "admin", actorId: null });
  });

  it("revoke and block events carry the reason code and what they revoked", async () => {
    const user = await createUser(server, { username: unique("user") });
    const sessions = await openSessions(server, user.id, 2);
    await ok(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "fraud", actor: {type: "trust_safety", id: "a-1"}}) { outcome } }`, { id: user.id });
    expect(await newestAudit()).toMatchObject({
      action: "block.create",
      reasonCode: "fraud",
      actorType: "trust_safety",
      actorId: "a-1",
      changes: { subjectKind: "user_id", subjectValue: user.id, sessionIds: [...sessions].reverse() },
    });
  });

  it("a mutation that fails leaves neither an audit row nor a partial row", async () => {
    await createUser(server, { username: "taken", email: "taken@example.com" });
    const audit = await countRows(server, tables.auditEvents);
    const users = await countRows(server, tables.users);
    const res = await server.gql(`mutation { createUser(input: {username: "TAKEN", email: "fresh@example.com"}) { id } }`);
    expect(codeOf(res)).toBe("USERNAME_TAKEN");
    expect(await countRows(server, tables.auditEvents)).toBe(audit);
    expect(await countRows(server, tables.users)).toBe(users);
  });

  describe("when the audit write itself fails, the change is rolled back with it", () => {
    const REFUSED = "refuse-audit";
    beforeAll(async () => {
      // A constraint that rejects only events carrying this marker: the change before it must not survive.
      await server.database.db.execute(
        sql.raw(`alter table audit_events add constraint test_refuse_marked_events check (
          reason_code is distinct from '${REFUSED}' and changes->>'username' is distinct from '${REFUSED}'
          and changes->>'displayName' is distinct from '${REFUSED}')`),
      );
    });
    afterAll(async () => {
      await server.database.db.execute(sql.raw(`alter table audit_events drop constraint test_refuse_marked_events`));
    });
    const sessionsOf = (userId: string) => server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, userId));

    it("createUser", async () => {
      const users = await countRows(server, tables.users);
      const res = await server.gql(`mutation($u: String!) { createUser(input: {username: $u}) { id } }`, { u: REFUSED });
      expect(codeOf(res)).toBe("INTERNAL");
      expect(await countRows(server, tables.users)).toBe(users);
    });

    it("updateUser", async () => {
      const user = await createUser(server, { username: unique("user"), displayName: "Before" });
      const [before] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
      const res = await server.gql(`mutation($id: ID!, $d: String!) { updateUser(id: $id, input: {displayName: $d}) { id } }`, { id: user.id, d: REFUSED });
      expect(codeOf(res)).toBe("INTERNAL");
      const [after] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
      expect(after).toEqual(before);
    });

    it("revokeSession and revokeAllUserSessions", async () => {
      const user = await createUser(server, { username: unique("user") });
      const [id] = await openSessions(server, user.id, 2);
      expect(codeOf(await server.gql(`mutation($id: ID!, $r: String!) { revokeSession(id: $id, reasonCode: $r) { outcome } }`, { id, r: REFUSED }))).toBe("INTERNAL");
      expect(codeOf(await server.gql(`mutation($id: ID!, $r: String!) { revokeAllUserSessions(userId: $id, reasonCode: $r) { outcome } }`, { id: user.id, r: REFUSED }))).toBe("INTERNAL");
      expect((await sessionsOf(user.id)).map((s) => s.status)).toEqual(["active", "active"]);
      expect((await server.services.users.require(user.id)).notBefore).toBeNull();
    });

    it("blockSubject: neither the block nor the session revokes survive", async () => {
      const user = await createUser(server, { username: unique("user") });
      await openSessions(server, user.id, 2);
      const blocks = await countRows(server, tables.subjectBlocks);
      const res = await server.gql(`mutation($id: ID!, $r: String!) { blockSubject(input: {userId: $id, reasonCode: $r}) { outcome } }`, { id: user.id, r: REFUSED });
      expect(codeOf(res)).toBe("INTERNAL");
      expect(await countRows(server, tables.subjectBlocks)).toBe(blocks);
      expect((await sessionsOf(user.id)).map((s) => s.status)).toEqual(["active", "active"]);
      expect((await server.services.sessions.create({ userId: user.id, kind: "browser" })).status).toBe("active");
    });
  });

  it("lists events newest first, filtered, in pages that follow on from the last id", async () => {
    const user = await createUser(server, { username: unique("user") });
    for (const name of ["A", "B", "C", "D", "E"]) await ok(`mutation($id: ID!, $f: String!) { updateUser(id: $id, input: {firstName: $f}) { id } }`, { id: user.id, f: name });
    const all = await server.gql(`query($id: String!) { auditEvents(subjectType: "user", subjectId: $id, first: 100) { id action changes } }`, { id: user.id });
    const events = all.data!.auditEvents as { id: string; action: string; changes: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(["user.update", "user.update", "user.update", "user.update", "user.update", "user.create"]);
    expect(events.slice(0, 5).map((e) => e.changes.firstName)).toEqual(["E", "D", "C", "B", "A"]);

    const first = await server.gql(`query($id: String!) { auditEvents(subjectId: $id, action: "user.update", first: 2) { id } }`, { id: user.id });
    const last = first.data!.auditEvents.at(-1).id;
    const next = await server.gql(`query($id: String!, $after: String) { auditEvents(subjectId: $id, action: "user.update", first: 2, after: $after) { id } }`, { id: user.id, after: last });
    expect(next.errors).toBeUndefined();
    expect([...first.data!.auditEvents, ...next.data!.auditEvents].map((e: { id: string }) => e.id)).toEqual(events.slice(0, 4).map((e) => e.id));
  });
});
