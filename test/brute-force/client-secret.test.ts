import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { postForm, protocolUrl } from "#test/oidc/support.js";
import { FACTOR, LIMITS, lockedEvents, newAddress, newLoginUser, PASSWORD, sleep } from "./support.js";

/** Failed client secrets count per client, as failed passwords do per user. */
describe("brute force: OIDC client secrets", () => {
  let server: TestServer;
  let secret: string;
  let clientRowId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: LIMITS });
    const created = await server.gql(`mutation { createClient(input: {clientId: "backend", public: false, grants: ["password"]}) { client { id } secret } }`);
    expect(created.errors).toBeUndefined();
    secret = created.data!.createClient.secret;
    clientRowId = created.data!.createClient.client.id;
  });
  afterAll(() => server?.stop());

  const grant = (clientSecret: string, username: string, address: string) =>
    postForm(protocolUrl(server, "master", "/token"), { grant_type: "password", client_id: "backend", client_secret: clientSecret, username, password: PASSWORD }, { "x-forwarded-for": address });

  it("stops a client after its failed secrets, refuses its right secret while it waits, then lets it in", async () => {
    const user = await newLoginUser(server);
    expect((await grant(secret, user.username, newAddress())).status).toBe(200);
    const failures = [];
    for (let i = 0; i < FACTOR; i += 1) failures.push(await grant(`${secret}x`, user.username, newAddress()));
    expect(failures[0]).toMatchObject({ status: 401, body: { error: "unauthorized_client", error_description: "Invalid client or Invalid client credentials" } });
    for (const answer of failures) expect(answer.body).toEqual(failures[0]!.body);

    const refused = await grant(secret, user.username, newAddress());
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(failures[0]!.body);
    const [event] = await lockedEvents(server, clientRowId);
    expect(event).toMatchObject({ subjectType: "client", changes: { failures: FACTOR } });
    expect(JSON.stringify(event)).not.toContain(secret);

    await sleep(Number(LIMITS.BRUTE_FORCE_WAIT_INCREMENT_SECONDS) * 1000 + 200);
    expect((await grant(secret, user.username, newAddress())).status).toBe(200);
    // Only the client waited: the user's count was never touched.
    expect(await lockedEvents(server, user.id)).toEqual([]);
  });
});
