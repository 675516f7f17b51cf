import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows, createUser, openSessions, postGraphQL, runAs, userPrincipal } from "./support.js";

const SESSION = `query($id: ID!) { session(id: $id) { id userId status } }`;
const USER_SESSIONS = `query($userId: ID!) { userSessions(userId: $userId) { nodes { id } } }`;
const REVOKE = `mutation($id: ID!) { revokeSession(id: $id, reasonCode: "user_logout") { outcome session { id status revokeActorType revokeActorId } } }`;
const REVOKE_ALL = `mutation($userId: ID!) { revokeAllUserSessions(userId: $userId, reasonCode: "logout_everywhere") { outcome sessionIds } }`;

describe("who may call what", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  describe("without a bearer", () => {
    it("a query answers UNAUTHENTICATED and no data for the field", async () => {
      const user = await createUser(server, { username: "anon-target" });
      const nullable = await server.gql(`query($id: ID!) { user(id: $id) { id username } }`, { id: user.id }, null);
      expect(nullable).toEqual({ data: { user: null }, errors: [expect.objectContaining({ path: ["user"], extensions: { code: "UNAUTHENTICATED" } })] });
      const list = await server.gql(`{ users { nodes { id } } }`, {}, null);
      expect(codeOf(list)).toBe("UNAUTHENTICATED");
      expect(list.data).toBeNull();
      expect(codeOf(await server.gql(`{ outboxMessages { to } }`, {}, null))).toBe("UNAUTHENTICATED");
      expect(codeOf(await server.gql(`{ auditEvents { id } }`, {}, null))).toBe("UNAUTHENTICATED");
    });

    it("a mutation answers UNAUTHENTICATED and writes nothing", async () => {
      const users = await countRows(server, tables.users);
      const audit = await countRows(server, tables.auditEvents);
      const res = await server.gql(`mutation { createUser(input: {username: "sneaky"}) { id } }`, {}, null);
      expect(codeOf(res)).toBe("UNAUTHENTICATED");
      expect(res.data).toBeNull();
      expect(await countRows(server, tables.users)).toBe(users);
      expect(await countRows(server, tables.auditEvents)).toBe(audit);
    });
  });

  it.each([
    ["an unknown key", "Bearer not-a-real-key-at-all"],
    ["a key-shaped token nobody issued", `Bearer idk_AAAAAAAAAAAA_${"A".repeat(43)}`],
    ["a Basic credential", "Basic YWRtaW46YWRtaW4="],
    ["an empty Bearer", "Bearer "],
  ])("a bad bearer (%s) answers 401 UNAUTHENTICATED without data", async (_name, authorization) => {
    const res = await postGraphQL(server, { query: `{ users { nodes { id } } }` }, authorization);
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(res.body.data ?? null).toBeNull();
  });

  it("an API key lacking the scope answers FORBIDDEN, field by field", async () => {
    const created = await server.gql(`mutation { createApiKey(input: {name: "reader", scopes: ["users:read"]}) { token } }`);
    const token: string = created.data!.createApiKey.token;
    const user = await createUser(server, { username: "scoped" });
    const [session] = await openSessions(server, user.id, 1);
    const res = await server.gql(`query($id: ID!, $s: ID!) { user(id: $id) { username } session(id: $s) { id } }`, { id: user.id, s: session }, token);
    expect(res.data).toEqual({ user: { username: "scoped" }, session: null });
    expect(res.errors).toEqual([expect.objectContaining({ path: ["session"], extensions: { code: "FORBIDDEN" } })]);
    const nested = await server.gql(`query($id: ID!) { user(id: $id) { username sessions { id } } }`, { id: user.id }, token);
    expect(codeOf(nested)).toBe("FORBIDDEN");
    expect(JSON.stringify(nested.data)).not.toContain(session!);
  });

  describe("a user principal", () => {
    const setup = async (name: string) => {
      const me = await createUser(server, { username: `${name}-me`, email: `${name}-me@example.com` });
      const other = await createUser(server, { username: `${name}-other` });
      const meRow = await server.services.users.require(me.id);
      return {
        me,
        other,
        mySessions: await openSessions(server, me.id, 2),
        otherSessions: await openSessions(server, other.id, 2),
        as: (query: string, variables: Record<string, unknown> = {}) => runAs(server, userPrincipal(meRow), query, variables),
      };
    };
    const statusOf = async (id: string) => (await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.id, id)))[0]!.status;

    it("reads its own profile and sessions", async () => {
      const { me, mySessions, as } = await setup("reads");
      const profile = await as(`query($id: ID!) { user(id: $id) { username sessions { id } } }`, { id: me.id });
      expect(profile.errors).toBeUndefined();
      expect(profile.data!.user).toEqual({ username: "reads-me", sessions: [...mySessions].reverse().map((id) => ({ id })) });
      const one = await as(SESSION, { id: mySessions[0] });
      expect(one.data!.session).toEqual({ id: mySessions[0], userId: me.id, status: "ACTIVE" });
      const list = await as(USER_SESSIONS, { userId: me.id });
      expect(list.data!.userSessions.nodes).toHaveLength(2);
    });

    it("gets FORBIDDEN, never data, for another user's profile and sessions", async () => {
      const { other, otherSessions, as } = await setup("peeks");
      const profile = await as(`query($id: ID!) { user(id: $id) { username email } }`, { id: other.id });
      expect(profile.data).toEqual({ user: null });
      expect(codeOf(profile)).toBe("FORBIDDEN");
      const one = await as(SESSION, { id: otherSessions[0] });
      expect(one.data).toEqual({ session: null });
      expect(codeOf(one)).toBe("FORBIDDEN");
      const list = await as(USER_SESSIONS, { userId: other.id });
      expect(list.data).toBeNull();
      expect(codeOf(list)).toBe("FORBIDDEN");
      for (const res of [profile, one, list]) expect(JSON.stringify(res)).not.toContain(other.username);
    });

    it("revokes its own session, recorded as itself", async () => {
      const { me, mySessions, as } = await setup("logout");
      const res = await as(REVOKE, { id: mySessions[0] });
      expect(res.errors).toBeUndefined();
      expect(res.data!.revokeSession).toEqual({ outcome: "REVOKED", session: { id: mySessions[0], status: "REVOKED", revokeActorType: "user", revokeActorId: me.id } });
      expect(await statusOf(mySessions[1]!)).toBe("active");
    });

    it("cannot revoke another user's session, one or all", async () => {
      const { other, otherSessions, as } = await setup("meddles");
      const one = await as(REVOKE, { id: otherSessions[0] });
      expect(codeOf(one)).toBe("FORBIDDEN");
      expect(one.data).toBeNull();
      const all = await as(REVOKE_ALL, { userId: other.id });
      expect(codeOf(all)).toBe("FORBIDDEN");
      for (const id of otherSessions) expect(await statusOf(id)).toBe("active");
    });

    it("revokes all of its own sessions", async () => {
      const { me, mySessions, otherSessions, as } = await setup("everywhere");
      const res = await as(REVOKE_ALL, { userId: me.id });
      expect(res.data!.revokeAllUserSessions).toEqual({ outcome: "REVOKED", sessionIds: [...mySessions].reverse() });
      for (const id of otherSessions) expect(await statusOf(id)).toBe("active");
    });

    it("may not name another actor, list users, or administer anything", async () => {
      const { me, mySessions, as } = await setup("limits");
      const named = await as(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "x", actor: {type: "admin"}) { outcome } }`, { id: mySessions[0] });
      expect(codeOf(named)).toBe("FORBIDDEN");
      expect(await statusOf(mySessions[0]!)).toBe("active");
      const attempts = [
        `{ users { nodes { id } } }`,
        `{ realms { name } }`,
        `{ auditEvents { id } }`,
        `{ outboxMessages { to } }`,
        `{ apiKeys { id } }`,
        `mutation { createUser(input: {username: "made-by-user"}) { id } }`,
        `mutation { createApiKey(input: {name: "mine", scopes: ["admin"]}) { token } }`,
        `mutation($id: ID!) { updateUser(id: $id, input: {username: "renamed"}) { id } }`,
        `mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "x"}) { outcome } }`,
      ];
      for (const query of attempts) {
        const res = await as(query, { id: me.id });
        expect(codeOf(res), query).toBe("FORBIDDEN");
      }
      expect((await server.services.users.require(me.id)).username).toBe("limits-me");
    });
  });
});
