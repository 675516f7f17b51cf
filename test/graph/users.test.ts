import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows, createUser } from "./support.js";

const USER_FIELDS = `id numericId username email emailVerified firstName lastName displayName employeeId active locked hide
  managerEmail personalEmail groups locale attributes createdAt updatedAt lastLoginAt deactivatedAt`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`;
const SET_PASSWORD = `mutation($userId: ID!, $password: String!) { setPassword(userId: $userId, password: $password) }`;
const USERS_PAGE = `query($realm: String, $first: Int!, $after: String, $search: String) {
  users(realm: $realm, first: $first, after: $after, search: $search) { nodes { id username } endCursor hasNextPage }
}`;

describe("users", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-03-01T09:00:00.000Z"));

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
    await server.gql(`mutation { createRealm(input: {name: "paging"}) { id } }`);
    await server.gql(`mutation { createRealm(input: {name: "search"}) { id } }`);
  });
  afterAll(() => server?.stop());

  it("creates a user with every profile field and reads it back", async () => {
    const input = {
      username: "ada",
      email: "ada@example.com",
      emailVerified: true,
      firstName: "Ada",
      lastName: "Lovelace",
      displayName: "Ada L.",
      employeeId: "E-0001",
      locked: false,
      hide: true,
      managerEmail: "boss@example.com",
      personalEmail: "ada@home.example",
      groups: ["staff", "math"],
      locale: "en-GB",
      attributes: { team: "engines", level: 3 },
    };
    const created = await createUser(server, input);
    const res = await server.gql(`query($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`, { id: created.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.user).toEqual({
      ...input,
      id: created.id,
      numericId: expect.any(Number),
      active: true,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      lastLoginAt: null,
      deactivatedAt: null,
    });
  });

  it("gives each user its own numeric alias", async () => {
    const a = await createUser(server, { username: "num-a" });
    const b = await createUser(server, { username: "num-b" });
    const res = await server.gql(`query($a: ID!, $b: ID!) { a: user(id: $a) { numericId } b: user(id: $b) { numericId } }`, { a: a.id, b: b.id });
    expect(res.data!.a.numericId).not.toBe(res.data!.b.numericId);
  });

  it("answers null for an unknown or malformed user id", async () => {
    const res = await server.gql(`{ a: user(id: "01900000-0000-7000-8000-000000000000") { id } b: user(id: "not-an-id") { id } }`);
    expect(res).toEqual({ data: { a: null, b: null } });
  });

  it("updates only the fields given, clears nullable ones sent as null, and moves updatedAt", async () => {
    const user = await createUser(server, { username: "grace", email: "grace@example.com", displayName: "Grace", locale: "en" });
    clock.advance(60_000);
    const res = await server.gql(UPDATE_USER, { id: user.id, input: { firstName: "Grace", lastName: "Hopper", displayName: null, active: null, groups: ["navy"] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateUser).toMatchObject({
      username: "grace",
      email: "grace@example.com",
      firstName: "Grace",
      lastName: "Hopper",
      displayName: null,
      locale: "en",
      active: true,
      groups: ["navy"],
      updatedAt: clock.now().toISOString(),
    });
    expect(res.data!.updateUser.createdAt).not.toBe(res.data!.updateUser.updatedAt);
  });

  it("answers USER_NOT_FOUND when updating a user that does not exist", async () => {
    const res = await server.gql(UPDATE_USER, { id: "01900000-0000-7000-8000-000000000000", input: { firstName: "X" } });
    expect(codeOf(res)).toBe("USER_NOT_FOUND");
  });

  it("deactivation sets active false and records when, once; reactivation clears it", async () => {
    const user = await createUser(server, { username: "leaver" });
    clock.advance(1_000);
    const first = await server.gql(`mutation($id: ID!) { deactivateUser(id: $id) { active deactivatedAt } }`, { id: user.id });
    const deactivatedAt = clock.now().toISOString();
    expect(first.data!.deactivateUser).toEqual({ active: false, deactivatedAt });

    clock.advance(1_000);
    const again = await server.gql(`mutation($id: ID!) { deactivateUser(id: $id) { active deactivatedAt } }`, { id: user.id });
    expect(again.data!.deactivateUser).toEqual({ active: false, deactivatedAt });
    const [row] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
    expect(row!.deactivatedAt!.toISOString()).toBe(deactivatedAt);

    const back = await server.gql(UPDATE_USER, { id: user.id, input: { active: true } });
    expect(back.data!.updateUser).toMatchObject({ active: true, deactivatedAt: null });
  });

  it("a user created inactive is deactivated from the start", async () => {
    const user = await createUser(server, { username: "dormant", active: false });
    expect(user).toMatchObject({ active: false, deactivatedAt: clock.now().toISOString() });
  });

  it("setPassword stores an argon2id hash, never the password, and keeps the older ones as history", async () => {
    const user = await createUser(server, { username: "hasher" });
    const first = "Quartz-Falcon-7731-Orbit";
    const second = "Velvet-Canyon-2209-Lantern";
    expect((await server.gql(SET_PASSWORD, { userId: user.id, password: first })).data).toEqual({ setPassword: true });
    clock.advance(1_000);
    expect((await server.gql(SET_PASSWORD, { userId: user.id, password: second })).data).toEqual({ setPassword: true });

    const rows = await server.database.db.select().from(tables.passwords).where(eq(tables.passwords.userId, user.id)).orderBy(desc(tables.passwords.createdAt));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.hash).toMatch(/^\$argon2id\$/);
      expect(row.hash).not.toContain(first);
      expect(row.hash).not.toContain(second);
    }
    expect(rows[0]!.hash).not.toBe(rows[1]!.hash);
    expect((await server.services.passwords.matchCurrent(user.id, second))?.userId).toBe(user.id);
    expect(await server.services.passwords.matchCurrent(user.id, first)).toBeUndefined();

    const audit = await server.gql(`query($id: String!) { auditEvents(subjectId: $id, action: "user.password.set") { changes } }`, { id: user.id });
    expect(audit.data!.auditEvents).toHaveLength(2);
    expect(JSON.stringify(audit.data)).not.toContain(first);
    expect(JSON.stringify(audit.data)).not.toContain(rows[0]!.hash);
  });

  it("setPassword refuses a too-short password and an unknown user, storing nothing", async () => {
    const user = await createUser(server, { username: "shortpw" });
    const before = await countRows(server, tables.passwords);
    const short = await server.gql(SET_PASSWORD, { userId: user.id, password: "x1" });
    expect(codeOf(short)).toBe("BAD_USER_INPUT");
    expect(short.errors![0]!.extensions!.field).toBe("password");
    const unknown = await server.gql(SET_PASSWORD, { userId: "01900000-0000-7000-8000-000000000000", password: "Saffron-Meadow-5120-Echo" });
    expect(codeOf(unknown)).toBe("USER_NOT_FOUND");
    expect(await countRows(server, tables.passwords)).toBe(before);
  });

  it("gives new users random (version 4) ids", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createUser(server, { username: `v4-${i}` })).id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("searches case-insensitively across username, e-mail, names and employee id, within the realm", async () => {
    // A millisecond apart: the list is in creation order, and the ids (random) do not tell it.
    const make = (input: Record<string, unknown>) => {
      clock.advance(1);
      return createUser(server, { realm: "search", ...input });
    };
    const byName = await make({ username: "s-one", firstName: "Marguerite" });
    const byMail = await make({ username: "s-two", email: "MARGUERITE.b@example.com" });
    const byEmployee = await make({ username: "s-three", employeeId: "margue-77" });
    await make({ username: "s-four", lastName: "Other" });
    await make({ username: "s_under" });
    await createUser(server, { username: "marguerite-elsewhere" });

    const found = await server.gql(USERS_PAGE, { realm: "search", first: 50, search: "marGUE" });
    expect(found.data!.users.nodes.map((n: { id: string }) => n.id)).toEqual([byName.id, byMail.id, byEmployee.id]);

    // LIKE wildcards in the search are literal characters.
    const underscore = await server.gql(USERS_PAGE, { realm: "search", first: 50, search: "_" });
    expect(underscore.data!.users.nodes.map((n: { username: string }) => n.username)).toEqual(["s_under"]);
    const percent = await server.gql(USERS_PAGE, { realm: "search", first: 50, search: "%" });
    expect(percent.data!.users.nodes).toEqual([]);
  });

  it("pages through a realm's users in creation order without gaps or repeats, even as users are added", async () => {
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      clock.advance(1);
      created.push((await createUser(server, { realm: "paging", username: `page-${String(i).padStart(2, "0")}` })).id);
    }

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: any = await server.gql(USERS_PAGE, { realm: "paging", first: 5, after });
      expect(res.errors).toBeUndefined();
      const page = res.data.users;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      pages += 1;
      if (pages === 2) {
        clock.advance(1);
        created.push((await createUser(server, { realm: "paging", username: "late-comer" })).id);
      }
      if (!page.hasNextPage) {
        expect(page.endCursor).toBeNull();
        break;
      }
      expect(page.nodes).toHaveLength(5);
      after = page.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(created);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("pages by creation time, then id: users made in one millisecond come complete, once each, the same on every walk", async () => {
    await server.gql(`mutation { createRealm(input: {name: "same-ms"}) { id } }`);
    const base = clock.now().getTime() + 1000;
    // Three instants, four users each, made latest instant first: neither the order of making nor the ids give the list order.
    const made: { id: string; at: number }[] = [];
    for (const offset of [2, 1, 0]) {
      clock.set(new Date(base + offset));
      for (let i = 0; i < 4; i++) made.push({ id: (await createUser(server, { realm: "same-ms", username: `same-${offset}-${i}` })).id, at: base + offset });
    }
    const expected = [...made].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).map((u) => u.id);

    const walk = async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const res: any = await server.gql(USERS_PAGE, { realm: "same-ms", first: 5, after });
        expect(res.errors).toBeUndefined();
        seen.push(...res.data.users.nodes.map((n: { id: string }) => n.id));
        if (!res.data.users.hasNextPage) return seen;
        after = res.data.users.endCursor;
      }
      throw new Error("the walk did not end");
    };
    const first = await walk();
    expect(first).toEqual(expected);
    expect(await walk()).toEqual(first);
  });

  it("a last page that is exactly full says there is no next page", async () => {
    await server.gql(`mutation { createRealm(input: {name: "exact"}) { id } }`);
    for (let i = 0; i < 4; i++) await createUser(server, { realm: "exact", username: `exact-${i}` });
    const res = await server.gql(USERS_PAGE, { realm: "exact", first: 4 });
    expect(res.data!.users.nodes).toHaveLength(4);
    expect(res.data!.users).toMatchObject({ hasNextPage: false, endCursor: null });
  });
});
