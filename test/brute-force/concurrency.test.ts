import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlPoster, ADMIN_KEY, startTestServer, type GraphQLResponse, type TestServer } from "#test/support/server.js";
import { FACTOR, lockedEvents, newAddress, newLoginUser, PASSWORD, WRONG } from "./support.js";

const PASSWORD_GRANT = `mutation($input: PasswordGrantInput!) { passwordGrant(input: $input) { accessToken } }`;

/**
 * Parallel guesses at one account. PGlite runs them one at a time; on PostgreSQL they interleave,
 * which is where a read-then-write rule would let every guess reach the password check. The graph
 * tells a verified wrong password (OIDC_INVALID_USER_CREDENTIALS) from a refusal that never looked
 * at it (TOO_MANY_FAILURES), so the verifications can be counted from outside.
 */
describe("brute force under concurrency", () => {
  let server: TestServer;

  beforeAll(async () => {
    // A wait long enough that no guess of the burst outlives it.
    server = await startTestServer({ env: { BRUTE_FORCE_FAILURE_FACTOR: String(FACTOR), BRUTE_FORCE_WAIT_INCREMENT_SECONDS: "600", BRUTE_FORCE_MAX_WAIT_SECONDS: "600" } });
  });
  afterAll(() => server?.stop());

  async function grant(username: string, password: string, address: string): Promise<GraphQLResponse> {
    const res = await fetch(`${server.publicUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_KEY}`, "x-forwarded-for": address },
      body: JSON.stringify({ query: PASSWORD_GRANT, variables: { input: { clientId: "app", username, password } } }),
    });
    return (await res.json()) as GraphQLResponse;
  }

  it("50 parallel wrong guesses at one account verify the password at most FACTOR times", async () => {
    const user = await newLoginUser(server);
    const answers = await Promise.all(Array.from({ length: 50 }, () => grant(user.username, WRONG, newAddress())));
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c !== "OIDC_INVALID_USER_CREDENTIALS" && c !== "TOO_MANY_FAILURES")).toEqual([]);
    expect(codes.filter((c) => c === "OIDC_INVALID_USER_CREDENTIALS")).toHaveLength(FACTOR);
    expect(await lockedEvents(server, user.id)).toHaveLength(1);

    const after = await grant(user.username, PASSWORD, newAddress());
    expect(after.errors?.[0]?.extensions?.code).toBe("TOO_MANY_FAILURES");
  });

  it("parallel right passwords of one account all succeed", async () => {
    const user = await newLoginUser(server);
    const address = newAddress();
    const answers = await Promise.all(Array.from({ length: 20 }, () => grant(user.username, PASSWORD, address)));
    expect(answers.map((a) => a.errors)).toEqual(Array(20).fill(undefined));
  });

  it("parallel right passwords all succeed after failures just under the factor, one turn at a time past it", async () => {
    const user = await newLoginUser(server);
    for (let i = 0; i < FACTOR - 1; i += 1) await grant(user.username, WRONG, newAddress());
    const answers = await Promise.all(Array.from({ length: 20 }, () => grant(user.username, PASSWORD, newAddress())));
    expect(answers.map((a) => a.errors)).toEqual(Array(20).fill(undefined));
    expect(await lockedEvents(server, user.id)).toEqual([]);
  });

  it("the graph's answer while waiting names the credential", async () => {
    const user = await newLoginUser(server);
    for (let i = 0; i < FACTOR; i += 1) await grant(user.username, WRONG, newAddress());
    const gql = graphqlPoster(server.publicUrl);
    const refused = await gql(PASSWORD_GRANT, { input: { clientId: "app", username: user.username, password: PASSWORD } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "TOO_MANY_FAILURES", field: "password" });
  });
});
