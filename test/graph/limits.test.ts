import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_COMPLEXITY } from "#src/graphql/limits/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { adminBearer, createUser, openSessions, postGraphQL } from "./support.js";

const USER_FIELDS = `id numericId username email emailVerified firstName lastName displayName employeeId active locked hide managerEmail personalEmail groups locale attributes createdAt updatedAt lastLoginAt deactivatedAt`;
const SESSION_FIELDS = `id userId kind status clientId createdAt lastAccessAt expiresAt ip userAgent revokedAt revokeReasonCode`;

/** `aliases` copies of a full page of users with their sessions, each `first` long. */
const wideQuery = (aliases: number) =>
  `query($first: Int!) { ${Array.from({ length: aliases }, (_, i) => `p${i}: users(first: $first) { nodes { ${USER_FIELDS} sessions { ${SESSION_FIELDS} } } }`).join(" ")} }`;

describe("query limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
    const user = await createUser(server, { username: "limited" });
    await openSessions(server, user.id, 2);
  });
  afterAll(() => server?.stop());

  it("accepts an ordinary query at the schema's natural depth", async () => {
    const res = await postGraphQL(server, { query: `{ users(first: 100) { nodes { ${USER_FIELDS} sessions { ${SESSION_FIELDS} } } endCursor } }` }, adminBearer);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    // The first start's passkey admin is listed too.
    const limited = res.body.data!.users.nodes.find((node: { username: string }) => node.username === "limited");
    expect(limited.sessions).toHaveLength(2);
  });

  // The schema has no cycle yet, so depth beyond 3 needs fields that do not exist: the depth error must still be among the answers.
  const ofDepth = (depth: number) => {
    let selection = "id";
    for (let i = 3; i < depth; i++) selection = `more { ${selection} }`;
    return `{ users { nodes { sessions { ${selection} } } } }`;
  };

  it("rejects a query deeper than 10 levels before running it", async () => {
    const res = await postGraphQL(server, { query: ofDepth(11) }, adminBearer);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toContainEqual(expect.objectContaining({ message: "'' exceeds maximum operation depth of 10", extensions: { code: "BAD_USER_INPUT" } }));
  });

  it("does not call a query of depth 10 too deep", async () => {
    const res = await postGraphQL(server, { query: ofDepth(10) }, adminBearer);
    expect(res.body.errors!.map((e) => e.message)).not.toContainEqual(expect.stringContaining("maximum operation depth"));
  });

  it("rejects a query whose estimated cost exceeds the limit, reading page sizes from variables", async () => {
    const small = await postGraphQL(server, { query: wideQuery(10), variables: { first: 10 } }, adminBearer);
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();

    const large = await postGraphQL(server, { query: wideQuery(10), variables: { first: 100 } }, adminBearer);
    expect(large.status).toBe(400);
    expect(large.body.data).toBeUndefined();
    expect(large.body.errors).toEqual([{ message: expect.stringMatching(new RegExp(`^query is too complex: \\d+ > ${MAX_COMPLEXITY}$`)), extensions: { code: "QUERY_TOO_COMPLEX" } }]);
  });
});
