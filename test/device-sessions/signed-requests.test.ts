import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { SIGNATURE_SKEW_SECONDS } from "#src/services/device-sessions/index.js";
import { loginDevice, signedGraphQL, signedHeaders } from "#test/support/device-client.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const OWN_SESSION = `query($id: ID!) { session(id: $id) { id status kind } }`;

describe("requests signed by a device session (RFC 9421, Ed25519)", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date());
  let device: Awaited<ReturnType<typeof loginDevice>>;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    await server.gql(`mutation { createUser(input: {username: "dev", email: "dev@example.com"}) { id } }`);
    device = await loginDevice(server, "dev@example.com");
  });
  afterAll(() => server?.stop());

  const refusal = (res: Awaited<ReturnType<typeof signedGraphQL>>) => {
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    return res.body.errors![0]!.message;
  };

  it("act as the session's user: its own session is readable, another's is not", async () => {
    const res = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { ...device, created: clock.now() });
    expect(res.body).toEqual({ data: { session: { id: device.sessionId, status: "ACTIVE", kind: "DEVICE" } } });

    await server.gql(`mutation { createUser(input: {username: "other", email: "other@example.com"}) { id } }`);
    const other = await loginDevice(server, "other@example.com");
    const foreign = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: other.sessionId }, { ...device, created: clock.now() });
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("refuses a replayed request (same nonce)", async () => {
    const options = { ...device, created: clock.now(), nonce: "replay-nonce-0001" };
    const first = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, options);
    expect(first.body.errors).toBeUndefined();
    const second = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, options);
    expect(refusal(second)).toMatch(/nonce was already used/);
  });

  it(`refuses a signature created more than ${SIGNATURE_SKEW_SECONDS}s from the server's clock, either way`, async () => {
    for (const offset of [-(SIGNATURE_SKEW_SECONDS + 5), SIGNATURE_SKEW_SECONDS + 5]) {
      const created = new Date(clock.now().getTime() + offset * 1000);
      const res = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { ...device, created });
      expect(refusal(res)).toMatch(/created must be within/);
    }
    const near = new Date(clock.now().getTime() - (SIGNATURE_SKEW_SECONDS - 5) * 1000);
    const ok = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { ...device, created: near });
    expect(ok.body.errors).toBeUndefined();
  });

  it("refuses a body that is not the one signed", async () => {
    const url = `${server.publicUrl}/graphql`;
    const signedBody = JSON.stringify({ query: OWN_SESSION, variables: { id: device.sessionId } });
    const headers = await signedHeaders("POST", url, signedBody, { ...device, created: clock.now() });
    const tampered = JSON.stringify({ query: OWN_SESSION, variables: { id: device.sessionId }, extra: 1 });
    const res = await fetch(url, { method: "POST", headers, body: tampered });
    expect(refusal({ status: res.status, body: (await res.json()) as any })).toMatch(/Content-Digest does not match/);
  });

  it("refuses a signature by another key", async () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const res = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { sessionId: device.sessionId, privateKey, created: clock.now() });
    expect(refusal(res)).toMatch(/does not verify/);
  });

  it("refuses a signature that leaves out a required component", async () => {
    const res = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { ...device, created: clock.now(), fields: ["@method", "@path"] });
    expect(refusal(res)).toMatch(/must cover content-digest/);
  });

  it("refuses an unknown keyid and a session that is not a device session", async () => {
    const unknown = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { ...device, sessionId: "01a208a5-92df-721e-8f52-35d855740fee", created: clock.now() });
    expect(refusal(unknown)).toMatch(/unknown device session/);
    const user = await server.gql(`query { users(search: "dev@") { nodes { id } } }`);
    const token = await server.services.sessions.create({ userId: user.data!.users.nodes[0].id, kind: "token" });
    const wrongKind = await signedGraphQL(server.publicUrl, OWN_SESSION, { id: device.sessionId }, { ...device, sessionId: token.id, created: clock.now() });
    expect(refusal(wrongKind)).toMatch(/unknown device session/);
  });

  it("refuses a malformed Signature-Input", async () => {
    const res = await fetch(`${server.publicUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "signature-input": "sig1=(((", signature: "sig1=:AAAA:", "content-digest": "sha-256=:AAAA:" },
      body: "{}",
    });
    expect(refusal({ status: res.status, body: (await res.json()) as any })).toMatch(/malformed Signature-Input/);
  });
});
