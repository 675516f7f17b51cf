import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoftAuthenticator } from "#test/support/id-broker/soft-authenticator.js";
import { http, PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

describe("passkey ceremonies and accounts in the graph", () => {
  let server: TestServer;
  let origin: string;
  beforeAll(async () => {
    ({ server } = await startPasskeyServer());
    origin = `http://localhost:${new URL(server.publicUrl).port}`;
  });
  afterAll(() => server?.stop());

  it("registers and signs in through the mutations, and the session works on the REST contract", async () => {
    const authenticator = new SoftAuthenticator(origin, "localhost");
    const started = await server.gql(`mutation { startPasskeyRegistration(displayName: "Graph User") }`, {}, null);
    const options = started.data!.startPasskeyRegistration;
    const finished = await server.gql(
      `mutation($r: JSONObject!, $o: String!) { finishPasskeyRegistration(response: $r, origin: $o) { userId credentialId sessionToken } }`,
      { r: authenticator.register({ publicKey: options }), o: origin },
      null,
    );
    const { userId, sessionToken } = finished.data!.finishPasskeyRegistration;
    const signIn = (await server.gql(`mutation { startPasskeyAuthentication }`, {}, null)).data!.startPasskeyAuthentication;
    const again = await server.gql(
      `mutation($r: JSONObject!, $o: String!) { finishPasskeyAuthentication(response: $r, origin: $o) { userId sessionToken } }`,
      { r: authenticator.authenticate({ publicKey: signIn }), o: origin },
      null,
    );
    expect(again.data!.finishPasskeyAuthentication.userId).toBe(userId);

    const browser = new PasskeyBrowser(server.publicUrl, authenticator);
    expect((await browser.setSession(sessionToken)).status).toBe(200);
    expect((await browser.call("POST", "/auth/api/user-info")).body.user).toMatchObject({ user_uuid: userId, user_name: "Graph User" });
    const session = await server.gql(`query($u: ID!) { userSessions(userId: $u) { nodes { kind status } } }`, { u: userId });
    expect(session.data!.userSessions.nodes).toEqual([{ kind: "BROWSER", status: "ACTIVE" }, { kind: "BROWSER", status: "ACTIVE" }]);
  });

  it("refuses an origin outside the RP id, whatever the client data says", async () => {
    const evil = new SoftAuthenticator("https://evil.example", "localhost");
    const options = (await server.gql(`mutation { startPasskeyRegistration(displayName: "Phish") }`, {}, null)).data!.startPasskeyRegistration;
    const refused = await server.gql(
      `mutation($r: JSONObject!, $o: String!) { finishPasskeyRegistration(response: $r, origin: $o) { userId } }`,
      { r: evil.register({ publicKey: options }), o: "https://evil.example" },
      null,
    );
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: "PASSKEY_INVALID_HOST", field: "origin" } });
  });

  it("an anonymous caller has no account; an admin key must name the user and org", async () => {
    expect((await server.gql(`{ passkeyAccount { visits } }`, {}, null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await server.gql(`{ passkeyAccount { visits } }`)).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await server.gql(`{ passkeyResetLink(passphrase: "gold.lamp.pear.oven.kite") { kind } }`, {}, null)).errors?.[0]?.extensions?.code).toBe("PASSKEY_RESET_TOKEN_INVALID");
  });
});

describe("the graph as a passkey page calls it, with the __Host-auth cookie", () => {
  let server: TestServer;
  beforeAll(async () => {
    ({ server } = await startPasskeyServer());
  });
  afterAll(() => server?.stop());

  it("acts as the cookie's user; a stale cookie is anonymous", async () => {
    const browser = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await browser.register("?name=Cookie Graph");
    const ask = (cookie: string, query: string) => http(server.publicUrl, "POST", "/graphql", { host: browser.host, headers: { cookie: `__Host-auth=${cookie}` }, body: { query } });
    const account = await ask(browser.cookie!, "{ passkeyAccount { user { id } currentSessionId } }");
    expect(account.body.data.passkeyAccount.user.id).toBe(user_uuid);
    expect(account.body.data.passkeyAccount.currentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await ask(browser.cookie!, "{ orgs { id } }")).body.errors[0].extensions.code).toBe("FORBIDDEN");
    expect((await ask("AAAAAAAAAAAAAAAA", "{ passkeyAccount { user { id } } }")).body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
