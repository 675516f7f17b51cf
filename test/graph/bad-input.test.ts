import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { encodeCursor } from "#src/graphql/resolvers/cursor.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { adminBearer, codeOf, countRows, CREATE_USER, createUser, openSessions, postGraphQL } from "./support.js";

const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }`;

describe("bad input", () => {
  let server: TestServer;
  let existing: { id: string };
  let other: { id: string };

  /** Asserts the answer and that neither users nor audit events changed. */
  const expectRefused = async (send: () => Promise<{ code: string | undefined; field?: string; status?: number }>, code: string, field?: string) => {
    const users = await countRows(server, tables.users);
    const audit = await countRows(server, tables.auditEvents);
    const snapshot = await server.database.db.select().from(tables.users).where(eq(tables.users.id, existing.id));
    const answer = await send();
    expect(answer.code).toBe(code);
    if (field) expect(answer.field).toBe(field);
    if (answer.status !== undefined) expect(answer.status).toBeLessThan(500);
    expect(await countRows(server, tables.users)).toBe(users);
    expect(await countRows(server, tables.auditEvents)).toBe(audit);
    expect(await server.database.db.select().from(tables.users).where(eq(tables.users.id, existing.id))).toEqual(snapshot);
  };
  const viaHttp = async (query: string, variables?: Record<string, unknown>) => {
    const res = await postGraphQL(server, { query, variables }, adminBearer);
    return { code: res.body.errors?.[0]?.extensions?.code, field: res.body.errors?.[0]?.extensions?.field, status: res.status, message: res.body.errors?.[0]?.message };
  };
  const create = (input: Record<string, unknown>) => viaHttp(CREATE_USER, { input });
  const update = (input: Record<string, unknown>) => viaHttp(UPDATE_USER, { id: other.id, input });

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
    await server.gql(`mutation { createRealm(input: {name: "elsewhere"}) { id } }`);
    existing = await createUser(server, { username: "Existing", email: "Existing@Example.com", employeeId: "EMP-1" });
    other = await createUser(server, { username: "other", email: "other@example.com" });
  });
  afterAll(() => server?.stop());

  describe("types and shapes", () => {
    it.each([
      ["a number for a string, in variables", () => create({ username: 12 })],
      ["a string for a boolean, in variables", () => create({ username: "typed", emailVerified: "yes" })],
      ["a list for a JSON object, in variables", () => create({ username: "typed", attributes: [1, 2] })],
      ["an unknown field, in variables", () => create({ username: "typed", isAdmin: true })],
      ["a missing required field, in variables", () => create({ email: "nousername@example.com" })],
      ["a number for a string, inline", () => viaHttp(`mutation { createUser(input: {username: 12}) { id } }`)],
      ["an unknown field, inline", () => viaHttp(`mutation { createUser(input: {username: "typed", isAdmin: true}) { id } }`)],
      ["an unknown argument", () => viaHttp(`mutation { createUser(input: {username: "typed"}, force: true) { id } }`)],
      ["a document that does not parse", () => viaHttp(`mutation { createUser(input: {username: "typed"} { id } }`)],
    ])("rejects %s with a 400 BAD_USER_INPUT and a message", async (_name, send) => {
      await expectRefused(async () => {
        const answer = await send();
        expect(answer.status).toBe(400);
        expect(answer.message).toMatch(/\w/);
        return answer;
      }, "BAD_USER_INPUT");
    });
  });

  describe("unique values", () => {
    it.each([
      ["a username differing only in case", { username: "EXISTING" }, "USERNAME_TAKEN", "username"],
      ["an e-mail differing only in case", { username: "fresh1", email: "existing@EXAMPLE.com" }, "EMAIL_TAKEN", "email"],
      ["an employee id of the same realm", { username: "fresh2", employeeId: "EMP-1" }, "EMPLOYEE_ID_TAKEN", "employeeId"],
    ])("createUser refuses %s", async (_name, input, code, field) => {
      await expectRefused(() => create(input), code, field);
    });

    it.each([
      ["a username differing only in case", { username: "existing" }, "USERNAME_TAKEN", "username"],
      ["an e-mail differing only in case", { email: "EXISTING@example.com" }, "EMAIL_TAKEN", "email"],
      ["an employee id of the same realm", { employeeId: "EMP-1" }, "EMPLOYEE_ID_TAKEN", "employeeId"],
    ])("updateUser refuses %s and leaves the user as it was", async (_name, input, code, field) => {
      const before = await server.database.db.select().from(tables.users).where(eq(tables.users.id, other.id));
      await expectRefused(() => update(input), code, field);
      expect(await server.database.db.select().from(tables.users).where(eq(tables.users.id, other.id))).toEqual(before);
    });

    it("the same username, e-mail and employee id are free in another realm", async () => {
      const res = await server.gql(CREATE_USER, { input: { realm: "elsewhere", username: "Existing", email: "existing@example.com", employeeId: "EMP-1" } });
      expect(res.errors).toBeUndefined();
    });

    it("of five concurrent creates with one username, one succeeds and four get USERNAME_TAKEN", async () => {
      const users = await countRows(server, tables.users);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => create({ username: "racer", email: `racer${i}@example.com` })));
      expect(results.filter((r) => r.code === undefined)).toHaveLength(1);
      expect(results.filter((r) => r.code === "USERNAME_TAKEN")).toHaveLength(4);
      expect(await countRows(server, tables.users)).toBe(users + 1);
    });
  });

  describe("values", () => {
    it.each([
      ["a malformed e-mail", { username: "v1", email: "not-an-email" }, "email"],
      ["a malformed manager e-mail", { username: "v2", managerEmail: "boss@" }, "managerEmail"],
      ["a username with a space", { username: "two words" }, "username"],
      ["an empty username", { username: "" }, "username"],
      ["an employee id with a slash", { username: "v3", employeeId: "a/b" }, "employeeId"],
      ["a locale that is not a language tag", { username: "v4", locale: "english please" }, "locale"],
    ])("createUser refuses %s with BAD_USER_INPUT naming the field", async (_name, input, field) => {
      await expectRefused(() => create(input), "BAD_USER_INPUT", field);
    });

    it("updateUser refuses a malformed e-mail", async () => {
      await expectRefused(() => update({ email: "still not an email" }), "BAD_USER_INPUT", "email");
    });

    it("createUser in an unknown realm answers REALM_NOT_FOUND", async () => {
      await expectRefused(() => create({ realm: "nowhere", username: "lost" }), "REALM_NOT_FOUND");
    });
  });

  describe("pages and cursors", () => {
    let sessionCursor: string;
    beforeAll(async () => {
      await openSessions(server, existing.id, 3);
      const page = await server.gql(`query($id: ID!) { userSessions(userId: $id, first: 1) { endCursor } }`, { id: existing.id });
      sessionCursor = page.data!.userSessions.endCursor;
    });
    const usersAfter = (after: string) => viaHttp(`query($after: String) { users(first: 5, after: $after) { nodes { id } } }`, { after });
    const sessionsAfter = (after: string) => viaHttp(`query($id: ID!, $after: String) { userSessions(userId: $id, first: 5, after: $after) { nodes { id } } }`, { id: existing.id, after });
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

    it("a cursor this API returned works", async () => {
      expect((await sessionsAfter(sessionCursor)).code).toBeUndefined();
    });

    it.each([
      ["garbage", () => usersAfter("%%%not-a-cursor%%%")],
      ["base64 that is not JSON", () => usersAfter(Buffer.from("hello").toString("base64url"))],
      ["JSON that is not an object", () => usersAfter(b64([1, 2]))],
      ["an id that is not a UUID", () => usersAfter(b64({ id: "1; drop table users" }))],
      ["a users cursor given to sessions", () => sessionsAfter(encodeCursor({ id: existing.id }))],
      ["a sessions cursor with a bad time", () => sessionsAfter(encodeCursor({ createdAt: "yesterday", id: existing.id }))],
      ["an audit cursor that is not an id", () => viaHttp(`{ auditEvents(after: "nope") { id } }`)],
    ])("rejects %s with BAD_USER_INPUT on after", async (_name, send) => {
      await expectRefused(send, "BAD_USER_INPUT", "after");
    });

    it.each([
      ["users", `{ users(first: 0) { nodes { id } } }`],
      ["users", `{ users(first: 101) { nodes { id } } }`],
      ["auditEvents", `{ auditEvents(first: -1) { id } }`],
    ])("rejects a page size out of range for %s", async (_name, query) => {
      await expectRefused(() => viaHttp(query), "BAD_USER_INPUT", "first");
    });
  });

  it("a failed mutation's error names the domain code in GraphQL's own shape", async () => {
    const res = await server.gql(CREATE_USER, { input: { username: "existing" } });
    expect(res).toEqual({
      data: null,
      errors: [{ message: "username is already taken", locations: expect.any(Array), path: ["createUser"], extensions: { code: "USERNAME_TAKEN", field: "username" } }],
    });
    expect(codeOf(res)).toBe("USERNAME_TAKEN");
  });
});
