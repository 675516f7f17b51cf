import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { encodeCursor } from "#src/graphql/resolvers/cursor.js";
import { rawRequest } from "#test/support/raw-http.js";
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

  describe("text PostgreSQL cannot store: NUL, lone surrogates, bytes that are not UTF-8", () => {
    /** A raw request body, so escapes and bytes go out exactly as written. */
    const raw = async (body: Buffer | string, query = "") => {
      const res = await fetch(`${server.publicUrl}/graphql${query}`, { method: "POST", headers: { "content-type": "application/json", authorization: adminBearer }, body });
      const json = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      return { code: json.errors?.[0]?.extensions?.code, status: res.status, message: json.errors?.[0]?.message };
    };
    const expectBadText = async (send: () => Promise<{ code: string | undefined; status?: number; message?: string }>, message: RegExp) => {
      await expectRefused(async () => {
        const answer = await send();
        expect(answer.status).toBe(400);
        expect(answer.message).toMatch(message);
        return answer;
      }, "BAD_USER_INPUT");
    };

    it.each([
      ["NUL in username", { username: "nul\u0000name" }, /^variables\.input\.username must not contain NUL characters$/],
      ["NUL in firstName", { username: "nul-first", firstName: "A\u0000" }, /^variables\.input\.firstName must not contain NUL/],
      ["NUL in email", { username: "nul-email", email: "a\u0000@example.com" }, /^variables\.input\.email must not contain NUL/],
      ["a lone high surrogate in username", { username: "lone\ud800" }, /^variables\.input\.username must not contain unpaired UTF-16 surrogates$/],
      ["a lone low surrogate in lastName", { username: "lone-last", lastName: "\udc00" }, /^variables\.input\.lastName must not contain unpaired/],
      ["NUL in a JSON attribute's name", { username: "nul-key", attributes: { "k\u0000": "v" } }, /^a field name in variables\.input\.attributes must not contain NUL/],
      ["a lone surrogate in a JSON attribute's value", { username: "lone-attr", attributes: { k: ["\ud800"] } }, /^variables\.input\.attributes\.k\.0 must not contain unpaired/],
    ])("createUser refuses %s in variables", async (_name, input, message) => {
      await expectBadText(() => create(input), message);
    });

    it("updateUser refuses NUL in a variable and leaves the user as it was", async () => {
      await expectBadText(() => update({ firstName: "x\u0000" }), /must not contain NUL characters/);
    });

    it.each([
      ["a \\u0000 escape", String.raw`mutation { createUser(input: {username: "esc\u0000"}) { id } }`, /^a string literal must not contain NUL characters$/],
      ["a \\u{0} escape", String.raw`mutation { createUser(input: {username: "esc\u{0}"}) { id } }`, /^a string literal must not contain NUL characters$/],
      ["a \\u0000 escape in a nested object", String.raw`mutation { createUser(input: {username: "nested", attributes: {k: "\u0000"}}) { id } }`, /^a string literal must not contain NUL/],
      ["a \\uD800 escape", String.raw`mutation { createUser(input: {username: "esc\uD800"}) { id } }`, /Invalid Unicode escape sequence/],
      ["a raw NUL", "mutation { createUser(input: {username: \"raw\u0000\"}) { id } }", /^query must not contain NUL characters$/],
      ["a raw lone surrogate", "mutation { createUser(input: {username: \"raw\ud800\"}) { id } }", /^query must not contain unpaired/],
      ["a raw NUL in a block string", 'mutation { createUser(input: {username: """raw\u0000"""}) { id } }', /^query must not contain NUL/],
    ])("refuses %s in an inline string literal", async (_name, query, message) => {
      await expectBadText(() => viaHttp(query), message);
    });

    it("refuses a default value of a variable with a NUL escape", async () => {
      const query = String.raw`mutation($u: String! = "def\u0000") { createUser(input: {username: $u}) { id } }`;
      await expectBadText(() => viaHttp(query), /^a string literal must not contain NUL/);
    });

    it("refuses NUL in operationName, and in the names of variables", async () => {
      await expectBadText(() => raw(JSON.stringify({ query: CREATE_USER, operationName: "op\u0000", variables: { input: { username: "opname" } } })), /^operationName must not contain NUL/);
      await expectBadText(() => raw(JSON.stringify({ query: CREATE_USER, variables: { input: { username: "varname" }, "x\u0000": 1 } })), /^a field name in variables must not contain NUL/);
    });

    it("refuses a body whose bytes are not UTF-8", async () => {
      const [head, tail] = JSON.stringify({ query: CREATE_USER, variables: { input: { username: "BYTES" } } }).split("BYTES");
      const body = Buffer.concat([Buffer.from(head!), Buffer.from([0x62, 0xed, 0xa0, 0x80]), Buffer.from(tail!)]);
      await expectBadText(() => raw(body), /^the request body is not valid UTF-8$/);
    });

    it("refuses NUL or bytes that are not UTF-8 in the query string, on POST and on GET", async () => {
      const body = JSON.stringify({ query: CREATE_USER, variables: { input: { username: "query-string" } } });
      await expectBadText(() => raw(body, "?x=%00"), /^query parameter x must not contain NUL characters$/);
      await expectBadText(() => raw(body, "?x=%ED%A0%80"), /^the query string is not valid percent-encoded UTF-8$/);
      const get = async (params: Record<string, string>) => {
        const res = await fetch(`${server.publicUrl}/graphql?${new URLSearchParams(params)}`, { headers: { authorization: adminBearer, "apollo-require-preflight": "1" } });
        const json = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
        return { code: json.errors?.[0]?.extensions?.code, status: res.status, message: json.errors?.[0]?.message };
      };
      const search = `query($s: String) { users(search: $s) { nodes { id } } }`;
      await expectBadText(() => get({ query: search, variables: JSON.stringify({ s: "a\u0000" }) }), /^query parameter variables\.s must not contain NUL/);
      await expectBadText(() => get({ query: `{ users(search: "a\\u0000") { nodes { id } } }` }), /^a string literal must not contain NUL/);
    });

    it("headers: a NUL is refused by the HTTP parser (400); a key with bytes that are not UTF-8 is UNAUTHENTICATED", async () => {
      const body = JSON.stringify({ query: CREATE_USER, variables: { input: { username: "header-bytes" } } });
      const users = await countRows(server, tables.users);
      const nul = await rawRequest(server.publicUrl, { method: "POST", target: "/graphql", headers: ["Content-Type: application/json", `Authorization: ${adminBearer}\u0000`], body });
      expect(nul.status).toBe(400);
      const bytes = await rawRequest(server.publicUrl, {
        method: "POST",
        target: "/graphql",
        headers: ["Content-Type: application/json", Buffer.concat([Buffer.from("Authorization: Bearer "), Buffer.from([0xed, 0xa0, 0x80])])],
        body,
      });
      expect(bytes.status).toBe(401);
      expect(bytes.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
      expect(await countRows(server, tables.users)).toBe(users);
    });

    it("reads a clean GET query as usual (the checks refuse only what they should)", async () => {
      const res = await fetch(`${server.publicUrl}/graphql?${new URLSearchParams({ query: `query($s: String) { users(search: $s) { nodes { id } } }`, variables: JSON.stringify({ s: "Existing" }) })}`, {
        headers: { authorization: adminBearer, "apollo-require-preflight": "1" },
      });
      expect(res.status).toBe(200);
      const json = (await res.json()) as { data?: { users: { nodes: unknown[] } } };
      expect(json.data?.users.nodes).toHaveLength(1);
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
