import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { brokerClient, newUserBody, RP_ORIGIN, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import { newUser, passwordGrant, postForm, protocolUrl, refresh, type TokenBody } from "#test/oidc/support.js";
import { lastLoginCode, newDeviceKey } from "#test/support/device-client.js";
import type { TestServer } from "#test/support/server.js";

/**
 * Many requests for one user at once. PGlite runs them one at a time; on PostgreSQL they
 * interleave, which is where a lock-order fault shows up as a deadlock and a 500.
 */
describe("concurrent logins of one user", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startBrokerServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  const sessionsOf = (userId: string) => server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, userId));
  const galaxy = (path: string, body: unknown) =>
    fetch(`${server.internalUrl}/api/v1/internal${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("16 password grants at once: 16 × 200, 16 distinct sessions, last_login_at written", async () => {
    const user = await newUser(server);
    const answers = await Promise.all(Array.from({ length: 16 }, () => passwordGrant(server, user.username)));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    const sessionStates = new Set(answers.map((a) => (a.body as TokenBody).session_state));
    expect(sessionStates.size).toBe(16);
    const rows = await sessionsOf(user.id);
    expect(new Set(rows.map((r) => r.id))).toEqual(sessionStates);
    const [row] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
    expect(row!.lastLoginAt).toBeInstanceOf(Date);
  });

  it("8 ID Broker authentications at once: 8 × 200", async () => {
    const broker = brokerClient(server);
    const body = newUserBody();
    expect((await broker.call("POST", "/user", body)).status).toBe(200);
    expect((await broker.call("PUT", `/user/${body.employee_id}/password`, { password: "a distinct horse 4 battery" })).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => broker.call("POST", "/authentication", { username: body.username, password: "a distinct horse 4 battery", rpOrigin: RP_ORIGIN })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    for (const a of answers) expect(a.body).toMatchObject({ employee_id: body.employee_id });
  });

  it("grants racing a Galaxy revoke-all: no 5xx, and no session opened before the revoke survives it", async () => {
    const user = await newUser(server);
    const before = await Promise.all(Array.from({ length: 3 }, () => passwordGrant(server, user.username)));
    const grants = Array.from({ length: 12 }, () => passwordGrant(server, user.username));
    const revokeAll = galaxy(`/users/${user.id}/sessions/revoke-all`, { reason_code: "security_review", actor: { type: "admin" } });
    const [revoked, ...answers] = await Promise.all([revokeAll, ...grants]);
    expect(revoked.status).toBe(200);
    const reported = new Set(((await revoked.json()) as { affected_device_session_ids: string[] }).affected_device_session_ids);
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));

    for (const b of before) expect(reported.has((b.body as TokenBody).session_state)).toBe(true);
    const [userRow] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
    for (const row of await sessionsOf(user.id)) {
      if (reported.has(row.id)) expect(row.status).toBe("revoked");
      else {
        expect(row.status).toBe("active");
        expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(userRow!.notBefore!.getTime());
      }
    }
    // A token of a session from before the revoke no longer refreshes.
    const dead = await refresh(server, (before[0]!.body as TokenBody).refresh_token);
    expect(dead.status).toBe(400);
  });

  it("refreshes racing a logout: no 5xx, and the refresh token is dead after the logout", async () => {
    const user = await newUser(server);
    const granted = (await passwordGrant(server, user.username)).body as TokenBody;
    const refreshes = Array.from({ length: 8 }, () => refresh(server, granted.refresh_token));
    const logout = postForm(protocolUrl(server, "master", "/logout"), { client_id: "app", refresh_token: granted.refresh_token });
    const [loggedOut, ...answers] = await Promise.all([logout, ...refreshes]);
    expect(loggedOut.status).toBe(204);
    for (const a of answers) expect([200, 400]).toContain(a.status);
    expect((await refresh(server, granted.refresh_token)).status).toBe(400);
    for (const a of answers.filter((x) => x.status === 200)) expect((await refresh(server, (a.body as TokenBody).refresh_token)).status).toBe(400);
    const rows = await sessionsOf(user.id);
    expect(rows.map((r) => r.status)).toEqual(["revoked"]);
  });

  it("a block by user id and a block by e-mail of one user at once, during logins: no 5xx, no session left active", async () => {
    const user = await newUser(server);
    const grants = Array.from({ length: 6 }, () => passwordGrant(server, user.username));
    const blocks = [
      galaxy("/user-blocks", { user_id: user.id, reason_code: "fraud", actor: { type: "admin" } }),
      galaxy("/user-blocks", { email: user.email, reason_code: "fraud", actor: { type: "admin" } }),
    ];
    const results = await Promise.all([...blocks, ...grants]);
    for (const b of results.slice(0, 2) as Response[]) expect(b.status).toBe(200);
    for (const g of results.slice(2) as Awaited<ReturnType<typeof passwordGrant>>[]) expect([200, 400]).toContain(g.status);
    expect((await sessionsOf(user.id)).filter((r) => r.status === "active")).toEqual([]);
  });

  it("device logins, password grants and update-last-login of one user at once: no 5xx, every device and token session opened", async () => {
    const broker = brokerClient(server);
    const body = newUserBody();
    const created = await broker.call("POST", "/user", body);
    expect(created.status).toBe(200);
    expect((await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: created.body.uuid, p: "correct horse battery" })).errors).toBeUndefined();
    const challenges: { challengeId: string; code: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const started = await server.gql(`mutation($email: String!) { startDeviceLogin(email: $email) { challengeId } }`, { email: body.email }, null);
      challenges.push({ challengeId: started.data!.startDeviceLogin.challengeId, code: await lastLoginCode(server, body.email) });
    }
    const devices = challenges.map((c) =>
      server.gql(
        `mutation($c: ID!, $code: String!, $k: String!) { completeDeviceLogin(challengeId: $c, code: $code, clientPublicKey: $k) { deviceSessionId } }`,
        { c: c.challengeId, code: c.code, k: newDeviceKey().publicKeyBase64 },
        null,
      ),
    );
    const grants = Array.from({ length: 4 }, () => passwordGrant(server, body.username));
    const touches = Array.from({ length: 4 }, () => broker.call("PUT", `/user/${body.employee_id}/update-last-login`));
    const [deviceAnswers, grantAnswers, touchAnswers] = await Promise.all([Promise.all(devices), Promise.all(grants), Promise.all(touches)]);
    for (const d of deviceAnswers) expect(d.errors).toBeUndefined();
    expect(grantAnswers.map((g) => g.status)).toEqual([200, 200, 200, 200]);
    expect(touchAnswers.map((t) => t.status)).toEqual([200, 200, 200, 200]);
    const rows = await sessionsOf(created.body.uuid);
    expect(rows.filter((r) => r.kind === "device" && r.status === "active")).toHaveLength(4);
    expect(rows.filter((r) => r.kind === "token" && r.status === "active")).toHaveLength(4);
  });
});
