import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, passwordGrant, postForm, protocolUrl, refresh, type TokenBody } from "#test/oidc/support.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { galaxy, newPlainUser, subscribe, warmUp, wsClient } from "./support.js";

describe("session events over graphql-ws", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  const userWithPassword = async () => {
    const user = await newPlainUser(server, "sub");
    const username = user.email.split("@")[0]!;
    expect((await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: user.id, p: PASSWORD })).errors).toBeUndefined();
    return { ...user, username };
  };

  it("delivers the revoke made through the Galaxy contract on the internal listener, with its reason and actor", async () => {
    const user = await newPlainUser(server, "galaxy");
    const subscription = subscribe(server, "logoutSessionEvents");
    try {
      await warmUp(server, subscription, user.id, true);
      const sessionId = (await server.services.sessions.create({ userId: user.id, kind: "device" })).id;
      const res = await galaxy(server, `/sessions/${sessionId}/revoke`, { reason_code: "lost_device", actor: { type: "admin", id: "support-7" } });
      expect(res.status).toBe(200);
      const event = await subscription.waitFor((e) => e.sessionId === sessionId);
      expect(event).toMatchObject({ type: "REVOKED", sessionId, userId: user.id, reasonCode: "lost_device", actorType: "admin", actorId: "support-7" });
      expect(event.id).toMatch(/^\d+$/);
    } finally {
      await subscription.close();
    }
  });

  it("delivers created, refreshed and revoked of an OIDC session in order, and the OIDC logout as a logout event", async () => {
    const user = await userWithPassword();
    const all = subscribe(server, "sessionEvents");
    await warmUp(server, all, user.id);
    try {
      const grant = (await passwordGrant(server, user.username)).body as TokenBody;
      const refreshed = (await refresh(server, grant.refresh_token)).body as TokenBody;
      const logout = await postForm(protocolUrl(server, "master", "/logout"), { client_id: "app", refresh_token: refreshed.refresh_token });
      expect(logout.status).toBe(204);
      const sid = grant.session_state;
      await all.waitFor((e) => e.sessionId === sid && e.type === "REVOKED");
      const mine = all.events.filter((e) => e.sessionId === sid);
      expect(mine.map((e) => e.type)).toEqual(["CREATED", "REFRESHED", "REVOKED"]);
      expect(mine[2]).toMatchObject({ reasonCode: "logout", actorType: "user", actorId: user.id });
      const ids = mine.map((e) => BigInt(e.id));
      expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    } finally {
      await all.close();
    }
  });

  it("filters by type, and calls a block's ended sessions 'blocked'", async () => {
    const user = await newPlainUser(server, "blocked");
    const blocked = subscribe(server, "sessionEvents(types: [CREATED, BLOCKED])");
    try {
      const sessionId = await warmUp(server, blocked, user.id);
      const res = await server.gql(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "fraud"}) { outcome } }`, { id: user.id });
      expect(res.errors).toBeUndefined();
      const event = await blocked.waitFor((e) => e.sessionId === sessionId && e.type === "BLOCKED");
      expect(event).toMatchObject({ type: "BLOCKED", userId: user.id, reasonCode: "fraud" });
      expect(blocked.events.every((e) => e.type === "CREATED" || e.type === "BLOCKED")).toBe(true);
      expect(blocked.events.filter((e) => e.sessionId === sessionId).map((e) => e.type)).toEqual(["CREATED", "BLOCKED"]);
    } finally {
      await blocked.close();
    }
  });

  it("shows a user only the events of their own sessions, until the session of their token ends", async () => {
    const me = await userWithPassword();
    const other = await newPlainUser(server, "other");
    const grant = (await passwordGrant(server, me.username)).body as TokenBody;
    const mine = subscribe(server, "sessionEvents(types: [CREATED])", grant.access_token);
    const admin = subscribe(server, "sessionEvents");
    try {
      const ownSession = await warmUp(server, mine, me.id);
      await admin.waitFor((e) => e.sessionId === ownSession);
      const theirs = await server.services.sessions.create({ userId: other.id, kind: "browser" });
      await admin.waitFor((e) => e.sessionId === theirs.id);
      const last = await server.services.sessions.create({ userId: me.id, kind: "browser" });
      await mine.waitFor((e) => e.sessionId === last.id);
      expect(mine.events.every((e) => e.userId === me.id)).toBe(true);
      expect(mine.events.some((e) => e.sessionId === theirs.id)).toBe(false);

      // The session whose token opened the subscription ends: the subscription ends with it.
      await server.services.sessions.revoke(grant.session_state, "user_logout", { type: "user", id: me.id });
      await mine.completed;
    } finally {
      await Promise.all([mine.close(), admin.close()]);
    }
  });

  it("refuses anonymous callers and API keys without sessions:read; closes on a credential that names nobody", async () => {
    const anonymous = subscribe(server, "sessionEvents", null);
    expect(await anonymous.failure).toMatchObject([{ extensions: { code: "UNAUTHENTICATED" } }]);
    await anonymous.close();

    const key = await server.gql(`mutation { createApiKey(input: {name: "reader", scopes: ["users:read"]}) { token } }`);
    const narrow = subscribe(server, "logoutSessionEvents", key.data!.createApiKey.token);
    expect(await narrow.failure).toMatchObject([{ extensions: { code: "FORBIDDEN" } }]);
    await narrow.close();

    const wide = await server.gql(`mutation { createApiKey(input: {name: "sessions", scopes: ["sessions:read"]}) { token } }`);
    const allowed = subscribe(server, "sessionEvents", wide.data!.createApiKey.token);
    const user = await newPlainUser(server, "keyed");
    await warmUp(server, allowed, user.id);
    await allowed.close();

    const bogus = subscribe(server, "sessionEvents", "idk_not-a-real-key-at-all");
    expect(await bogus.failure).toMatchObject({ code: 4403 });
    await bogus.close();
  });

  it("answers a subscription sent over HTTP, and a query sent over the socket, with a clear error", async () => {
    const res = await server.gql(`subscription { sessionEvents { id } }`);
    expect(res.errors?.[0]).toMatchObject({ message: expect.stringContaining("graphql-ws"), extensions: { code: "BAD_USER_INPUT" } });
    const client = wsClient(server);
    try {
      const errors = await new Promise<any>((resolve) => {
        client.subscribe({ query: "{ webhooks { id } }" }, { next: () => resolve("answered"), error: resolve, complete: () => {} });
      });
      expect(errors).toMatchObject([{ message: expect.stringContaining("POST /graphql"), extensions: { code: "BAD_USER_INPUT" } }]);
    } finally {
      await client.dispose();
    }
  });
});
