import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokerClient, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import { loginDevice, signedGraphQL } from "#test/support/device-client.js";
import { newUser, PASSWORD, passwordGrant, refresh, userinfo } from "#test/oidc/support.js";
import type { TestServer } from "#test/support/server.js";

/** The Galaxy internal API sees and ends the sessions every other contract opens, and its blocks bar every login. */
describe("one session graph across the contracts", () => {
  let server: TestServer;
  const actor = { type: "admin", id: "support-1" };
  const galaxy = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.internalUrl}/api/v1/internal${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    server = await startBrokerServer();
  });
  afterAll(() => server?.stop());

  it("an OIDC session revoked through Galaxy can no longer refresh or call userinfo", async () => {
    const user = await newUser(server);
    const login = await passwordGrant(server, user.email);
    expect(login.status).toBe(200);
    const listed = await galaxy("GET", `/users/${user.id}/sessions`);
    expect(listed.body.sessions).toEqual([expect.objectContaining({ device_session_id: login.body.session_state, client_public_key: "", status: "active" })]);

    const revoked = await galaxy("POST", `/sessions/${login.body.session_state}/revoke`, { reason_code: "support_request", actor });
    expect(revoked.body.outcome).toBe("revoked");
    const again = await refresh(server, login.body.refresh_token);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "invalid_grant", error_description: "Session not active" });
    expect((await userinfo(server, login.body.access_token)).status).toBe(401);
  });

  it("revoke-all through Galaxy ends OIDC and device sessions alike", async () => {
    const user = await newUser(server);
    const login = await passwordGrant(server, user.email);
    const device = await loginDevice(server, user.email);
    const res = await galaxy("POST", `/users/${user.id}/sessions/revoke-all`, { reason_code: "compromised", actor });
    expect(res.body.affected_device_session_ids.sort()).toEqual([login.body.session_state, device.sessionId].sort());
    expect((await userinfo(server, login.body.access_token)).status).toBe(401);
    const signed = await signedGraphQL(server.publicUrl, `query($id: ID!) { session(id: $id) { id } }`, { id: device.sessionId }, device);
    expect(signed.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const graph = await server.gql(`query($id: ID!) { user(id: $id) { sessions { status revokeReasonCode revokeActorId } } }`, { id: user.id });
    expect(graph.data!.user.sessions).toEqual([
      { status: "REVOKED", revokeReasonCode: "compromised", revokeActorId: "support-1" },
      { status: "REVOKED", revokeReasonCode: "compromised", revokeActorId: "support-1" },
    ]);
  });

  it("a Galaxy block bars the OIDC password grant, ID Broker authentication and device login; removing it in the graph lifts it", async () => {
    const user = await newUser(server, { employeeId: `E${Date.now()}` });
    const broker = brokerClient(server);
    expect((await broker.post("/authentication", { username: user.username, password: PASSWORD })).status).toBe(200);

    const blocked = await galaxy("POST", "/user-blocks", { email: user.email, reason_code: "fraud", actor });
    expect(blocked.body.outcome).toBe("blocked");
    const grant = await passwordGrant(server, user.email);
    expect(grant.status).toBe(400);
    expect(grant.body).toEqual({ error: "invalid_grant", error_description: "Invalid user credentials" });
    const auth = await broker.post("/authentication", { username: user.username, password: PASSWORD });
    expect(auth.status).toBe(400);
    await expect(loginDevice(server, user.email)).rejects.toThrow(/blocked/);

    const blocks = await server.gql(`query($id: ID!) { blocks(userId: $id) { id subjectKind subjectValue reasonCode } }`, { id: user.id });
    expect(blocks.data!.blocks).toEqual([expect.objectContaining({ subjectKind: "EMAIL", subjectValue: user.email, reasonCode: "fraud" })]);
    const removed = await server.gql(`mutation($id: ID!) { removeBlock(id: $id) { id } }`, { id: blocks.data!.blocks[0].id });
    expect(removed.errors).toBeUndefined();
    expect((await passwordGrant(server, user.email)).status).toBe(200);
    expect((await broker.post("/authentication", { username: user.username, password: PASSWORD })).status).toBe(200);
  });
});
