import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ALIASES, MAX_TOKENS } from "#src/graphql/limits/index.js";
import { wsClient } from "#test/session-events/support.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { adminBearer, createUser, postGraphQL } from "./support.js";

const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(" ")} }`;
/** `@skip(if: false)` is seven tokens. */
const withTokens = (directives: number) => `{ __typename ${"@skip(if: false) ".repeat(directives)}}`;
const INTROSPECT = `{ __schema { queryType { name } } }`;

/** GET /graphql, with the header Apollo's CSRF prevention asks of a GET. */
async function getGraphQL(server: TestServer, query: string, authorization?: string) {
  const headers: Record<string, string> = { "apollo-require-preflight": "true", ...(authorization ? { authorization } : {}) };
  const res = await fetch(`${server.publicUrl}/graphql?${new URLSearchParams({ query })}`, { headers });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

/** The first answer of a subscription over graphql-ws: its errors, or "data". */
function firstAnswer(client: Client, query: string): Promise<unknown> {
  return new Promise((resolve) => {
    client.subscribe({ query }, { next: (result) => resolve(result.errors ?? "data"), error: resolve, complete: () => resolve("complete") });
  });
}

/** A bearer for a user: an OIDC access token from the password grant. */
async function userBearer(server: TestServer): Promise<string> {
  const user = await createUser(server, { username: "introspecting", email: "introspecting@example.com" });
  const set = await server.gql(`mutation($id: ID!) { setPassword(userId: $id, password: "a-long-enough-passphrase-42") }`, { id: user.id });
  expect(set.errors).toBeUndefined();
  const grant = await server.gql(`mutation { passwordGrant(input: {clientId: "app", username: "introspecting", password: "a-long-enough-passphrase-42", scope: "openid"}) { accessToken } }`, {}, null);
  expect(grant.errors).toBeUndefined();
  return `Bearer ${grant.data!.passwordGrant.accessToken}`;
}

describe("GraphQL limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  describe(`aliases: at most ${MAX_ALIASES} per operation`, () => {
    it("accepts exactly the limit and refuses one more, with 400 TOO_MANY_ALIASES and nothing run", async () => {
      const ok = await postGraphQL(server, { query: aliased(MAX_ALIASES) }, adminBearer);
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
      const over = await postGraphQL(server, { query: aliased(MAX_ALIASES + 1) }, adminBearer);
      expect(over.status).toBe(400);
      expect(over.body.data).toBeUndefined();
      expect(over.body.errors).toEqual([expect.objectContaining({ message: `the operation has more than ${MAX_ALIASES} aliases or repeated fields`, extensions: { code: "TOO_MANY_ALIASES" } })]);
    });

    it("counts a field repeated without an alias, and aliases inside fragments at every spread", async () => {
      const repeated = await postGraphQL(server, { query: `query Rep { ${"__typename ".repeat(MAX_ALIASES + 2)}}` }, adminBearer);
      expect(repeated.status).toBe(400);
      expect(repeated.body.errors![0]).toMatchObject({ message: `'Rep' has more than ${MAX_ALIASES} aliases or repeated fields`, extensions: { code: "TOO_MANY_ALIASES" } });

      const half = Array.from({ length: MAX_ALIASES / 2 + 1 }, (_, i) => `f${i}: __typename`).join(" ");
      const once = await postGraphQL(server, { query: `{ ...F } fragment F on Query { ${half} }` }, adminBearer);
      expect(once.status).toBe(200);
      const twice = await postGraphQL(server, { query: `{ ...F ... on Query { ...F } } fragment F on Query { ${half} }` }, adminBearer);
      expect(twice.status).toBe(400);
      expect(twice.body.errors![0]!.extensions!.code).toBe("TOO_MANY_ALIASES");
    });

    it("applies to GET /graphql too", async () => {
      const over = await getGraphQL(server, aliased(MAX_ALIASES + 1), adminBearer);
      expect(over.status).toBe(400);
      expect(over.body.errors![0]!.extensions!.code).toBe("TOO_MANY_ALIASES");
    });
  });

  it("refuses a JSON array of operations (batching) with a 400 and runs none of them", async () => {
    const before = await server.gql(`{ apiKeys { id } }`);
    const res = await postGraphQL(server, [{ query: `mutation { createApiKey(input: {name: "batched", scopes: ["users:read"]}) { id } }` }, { query: "{ __typename }" }], adminBearer);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("batching");
    expect((await server.gql(`{ apiKeys { id } }`)).data!.apiKeys).toHaveLength(before.data!.apiKeys.length);
  });

  it(`refuses a document of more than ${MAX_TOKENS} tokens while parsing (400 BAD_USER_INPUT)`, async () => {
    const over = await postGraphQL(server, { query: withTokens(Math.ceil(MAX_TOKENS / 7)) }, adminBearer);
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining(`${MAX_TOKENS} tokens`), extensions: { code: "BAD_USER_INPUT" } })]);
    // Under the limit the document parses, and validation has its own say.
    const under = await postGraphQL(server, { query: withTokens(Math.floor(MAX_TOKENS / 7) - 2) }, adminBearer);
    expect(under.body.errors!.map((e) => e.message).join()).not.toContain("tokens");
  });

  describe("introspection (GRAPHQL_INTROSPECTION=authenticated, the default)", () => {
    it("is refused to an anonymous caller, on POST and GET, as __schema or __type, even inside a fragment", async () => {
      for (const query of [INTROSPECT, `{ __type(name: "User") { name } }`, `{ ...I } fragment I on Query { __type(name: "User") { fields { name } } }`]) {
        const res = await postGraphQL(server, { query });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ errors: [expect.objectContaining({ message: "introspection requires authentication", extensions: { code: "UNAUTHENTICATED" } })] });
      }
      const viaGet = await getGraphQL(server, INTROSPECT);
      expect(viaGet.status).toBe(401);
      expect(viaGet.body.data).toBeUndefined();
      expect((await postGraphQL(server, { query: "{ __typename }" })).body).toEqual({ data: { __typename: "Query" } });
    });

    it("is answered to the admin, an API key of any scope and a user", async () => {
      const key = await server.gql(`mutation { createApiKey(input: {name: "introspect", scopes: ["outbox:read"]}) { token } }`);
      for (const bearer of [adminBearer, `Bearer ${key.data!.createApiKey.token}`, await userBearer(server)]) {
        const res = await postGraphQL(server, { query: INTROSPECT }, bearer);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
      }
    });

    it("hides 'Did you mean' suggestions from anonymous callers only", async () => {
      const anonymous = await postGraphQL(server, { query: "{ userz { id } }" });
      expect(anonymous.status).toBe(400);
      expect(anonymous.body.errors!.map((e) => e.message)).toEqual(['Cannot query field "userz" on type "Query".']);
      const enumValue = await postGraphQL(server, { query: `query($s: SessionStatus) { userSessions(userId: "x", status: $s) { endCursor } }`, variables: { s: "ACTIV" } });
      expect(enumValue.body.errors![0]!.message).toMatch(/ACTIV/);
      expect(JSON.stringify(enumValue.body)).not.toMatch(/Did you mean|"ACTIVE"/);

      const admin = await postGraphQL(server, { query: "{ userz { id } }" }, adminBearer);
      expect(admin.body.errors![0]!.message).toMatch(/Did you mean "user"/);
    });
  });

  describe("over graphql-ws (subscriptions)", () => {
    it("applies the alias and token limits and hides suggestions from an anonymous connection", async () => {
      const admin = wsClient(server);
      const anonymous = wsClient(server, null);
      try {
        const fields = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `a${i}: id`).join(" ");
        expect(await firstAnswer(admin, `subscription { sessionEvents { ${fields} } }`)).toMatchObject([{ extensions: { code: "TOO_MANY_ALIASES" } }]);
        expect(await firstAnswer(admin, `subscription { sessionEvents ${"@skip(if: false) ".repeat(Math.ceil(MAX_TOKENS / 7))}{ id } }`)).toMatchObject([
          { message: expect.stringContaining(`${MAX_TOKENS} tokens`), extensions: { code: "BAD_USER_INPUT" } },
        ]);
        const guessed = (await firstAnswer(anonymous, "subscription { sessionEventz { id } }")) as { message: string }[];
        expect(guessed.map((e) => e.message)).toEqual(['Cannot query field "sessionEventz" on type "Subscription".']);
        const adminGuess = (await firstAnswer(admin, "subscription { sessionEventz { id } }")) as { message: string }[];
        expect(adminGuess[0]!.message).toMatch(/Did you mean "sessionEvents"/);
      } finally {
        await Promise.all([admin.dispose(), anonymous.dispose()]);
      }
    });
  });
});

/** A server of its own with GRAPHQL_INTROSPECTION set. */
function withIntrospection(mode: string): () => TestServer {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0", GRAPHQL_INTROSPECTION: mode } });
  }, 120_000);
  afterAll(() => server?.stop());
  return () => server;
}

describe("GRAPHQL_INTROSPECTION=all", () => {
  const server = withIntrospection("all");

  it("lets anonymous callers introspect and see suggestions", async () => {
    expect((await postGraphQL(server(), { query: INTROSPECT })).body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    expect((await postGraphQL(server(), { query: "{ userz { id } }" })).body.errors![0]!.message).toMatch(/Did you mean "user/);
  });
});

describe("GRAPHQL_INTROSPECTION=off", () => {
  const server = withIntrospection("off");

  it("lets not even the admin introspect or see suggestions", async () => {
    const res = await postGraphQL(server(), { query: INTROSPECT }, adminBearer);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [expect.objectContaining({ message: "introspection is disabled", extensions: { code: "FORBIDDEN" } })] });
    expect((await postGraphQL(server(), { query: "{ userz { id } }" }, adminBearer)).body.errors![0]!.message).toBe('Cannot query field "userz" on type "Query".');
  });
});
