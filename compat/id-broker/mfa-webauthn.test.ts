import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { type BrokerClient, brokerSuite } from "#test/support/id-broker/broker-client.js";
import { createEmployee, expectCreationWithObjectData, failedAttempts, footprint, ORIGIN, OTHER_ORIGIN, RP_ID, startMfaServer, subjectsTo, type Employee } from "#test/support/id-broker/mfa-fixtures.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";
import { SoftAuthenticator } from "#test/support/id-broker/soft-authenticator.js";

const at = (origin: string) => `?rpOrigin=${encodeURIComponent(origin)}`;

describe("ID Broker MFA: WebAuthn with a software authenticator", () => {
  const clock = new ManualClock(new Date("2032-01-10T12:00:00Z"));
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startMfaServer(clock))));
  afterAll(() => server?.stop());

  /** POST /mfa type webauthn, then the browser's create() and POST .../verify/registration. */
  async function enrol(who: Employee, key: SoftAuthenticator, label?: string) {
    const started = await broker.post(`/mfa${at(ORIGIN)}`, { employee_id: who.employeeId, type: "webauthn" });
    expect(started.status).toBe(200);
    const response = key.register(started.body.data);
    const finished = await broker.post(`/mfa/${started.body.id}/verify/registration${at(ORIGIN)}`, { employee_id: who.employeeId, value: response, ...(label ? { label } : {}) });
    return { id: started.body.id as number, started, finished };
  }

  /** What a password login hands the browser: the assertion request of the WebAuthn option. */
  async function loginOptions(who: Employee, mfaId: number, origin: string | null = ORIGIN) {
    const res = await server.gql(
      `query($id: ID!, $o: String) { user(id: $id) { mfa(scenario: AUTHENTICATE, rpOrigin: $o) { prompt options { id type data } } } }`,
      { id: who.id, o: origin },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.user.mfa.options.find((o: { id: number }) => o.id === mfaId).data;
  }

  const login = (who: Employee, mfaId: number, value: unknown, origin = ORIGIN) => broker.post(`/mfa/${mfaId}/verify${at(origin)}`, { employee_id: who.employeeId, value });

  it("starts a registration with creation options for the relying party", async () => {
    const who = await createEmployee(server);
    const res = await broker.post(`/mfa${at(ORIGIN)}`, { employee_id: who.employeeId, type: "webauthn" });
    expect(res.status).toBe(200);
    expectCreationWithObjectData(raml, res.body);
    const options = res.body.data.publicKey;
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(options.rp).toEqual({ name: "Example IdP", id: RP_ID });
    expect(options.user).toMatchObject({ name: who.username, displayName: "Ann Lee" });
    expect(options.pubKeyCredParams.map((p: { alg: number }) => p.alg)).toContain(-7);
    expect(options.attestation).toBe("none");
    expect((await broker.get(`/user/${who.employeeId}/mfa`)).body).toEqual([]);
  });

  it("registers keys with labels and signs in with them", async () => {
    const who = await createEmployee(server);
    const blue = new SoftAuthenticator(ORIGIN, RP_ID);
    const first = await enrol(who, blue, "Blue key");
    expect(first.finished.status).toBe(200);
    raml.expectResponse("post", "/mfa/{id}/verify/registration", 200, first.finished.body);
    expect(first.finished.body).toMatchObject({ id: first.id, type: "webauthn", label: "Security Key", last_used_utc: "2032-01-10T12:00:00Z" });
    expect(first.finished.body.data).toEqual([{ id: expect.any(Number), label: "Blue key", last_used_utc: null, created_utc: "2032-01-10 12:00:00" }]);
    expect(await subjectsTo(server, who.email)).toContain("2-Step Verification is on");

    // A second key joins the same MFA and gets the default label.
    const green = new SoftAuthenticator(ORIGIN, RP_ID);
    const second = await enrol(who, green);
    expect(second.id).toBe(first.id);
    expect(second.finished.body.data.map((k: { label: string }) => k.label)).toEqual(["Blue key", "Security Key-2"]);
    const count = await server.gql(`query($id: ID!) { user(id: $id) { verifiedMfaCount } }`, { id: who.id });
    expect(count.data!.user.verifiedMfaCount).toBe(2);

    clock.advance(60_000);
    const options = await loginOptions(who, first.id);
    expect(options.publicKey.rpId).toBe(RP_ID);
    expect(options.publicKey.allowCredentials.map((c: { id: string }) => c.id).sort()).toEqual([...blue.credentialIds, ...green.credentialIds].sort());
    const ok = await login(who, first.id, green.authenticate(options));
    expect(ok.status).toBe(200);
    raml.expectResponse("post", "/mfa/{id}/verify", 200, ok.body);
    expect(ok.body.last_used_utc).toBe("2032-01-10T12:01:00Z");
    expect(ok.body.data.find((k: { label: string }) => k.label === "Security Key-2").last_used_utc).toBe("2032-01-10 12:01:00");

    // The response may also come as its JSON text.
    const asText = await login(who, first.id, JSON.stringify(blue.authenticate(await loginOptions(who, first.id))));
    expect(asText.status).toBe(200);
  });

  it("refuses a replayed assertion, a wrong origin and a counter that goes backwards", async () => {
    const who = await createEmployee(server);
    const key = new SoftAuthenticator(ORIGIN, RP_ID);
    const { id } = await enrol(who, key);

    const assertion = key.authenticate(await loginOptions(who, id), { counter: 5 });
    expect((await login(who, id, assertion)).status).toBe(200);
    const replay = await login(who, id, assertion);
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ name: "Bad Request", message: "", code: 0, status: 400 });

    const elsewhere = key.authenticate(await loginOptions(who, id), { origin: "https://evil.example.com", counter: 6 });
    expect((await login(who, id, elsewhere)).status).toBe(400);

    // Signed for the other allowed origin but sent for this one.
    const mismatch = key.authenticate(await loginOptions(who, id), { origin: OTHER_ORIGIN, counter: 7 });
    expect((await login(who, id, mismatch, ORIGIN)).status).toBe(400);

    const backwards = key.authenticate(await loginOptions(who, id), { counter: 3 });
    const refused = await login(who, id, backwards);
    expect(refused.status).toBe(400);
    const [credential] = await server.database.db.select().from(tables.mfaWebauthnCredentials).where(eq(tables.mfaWebauthnCredentials.mfaId, id));
    expect(credential!.signCount).toBe(5);
    expect(await failedAttempts(server, id)).toBe(4);

    const forward = key.authenticate(await loginOptions(who, id), { counter: 9 });
    expect((await login(who, id, forward)).status).toBe(200);
    expect(await failedAttempts(server, id)).toBe(0);
  });

  it("refuses a registration from another origin or for another relying party, adding nothing", async () => {
    const who = await createEmployee(server);
    const key = new SoftAuthenticator(ORIGIN, RP_ID);
    for (const overrides of [{ origin: "https://evil.example.com" }, { rpId: "evil.example.com" }, { challenge: "bm90LXRoZS1jaGFsbGVuZ2U" }]) {
      const started = await broker.post(`/mfa${at(ORIGIN)}`, { employee_id: who.employeeId, type: "webauthn" });
      const before = await footprint(server);
      const res = await broker.post(`/mfa/${started.body.id}/verify/registration${at(ORIGIN)}`, { employee_id: who.employeeId, value: key.register(started.body.data, overrides) });
      expect(res.status).toBe(400);
      raml.expectResponse("post", "/mfa/{id}/verify/registration", 400, res.body);
      expect(res.body).toMatchObject({ code: 1660660611, status: 400 });
      expect(res.body.message).toMatch(/^WebAuthn registration failed: /);
      const after = await footprint(server);
      expect({ ...after, audit: before.audit, outbox: before.outbox }).toEqual({ ...before, mfas: after.mfas });
      expect(after.credentials).toBe(before.credentials);
    }
    const bad = await broker.post(`/mfa/${(await broker.post(`/mfa${at(ORIGIN)}`, { employee_id: who.employeeId, type: "webauthn" })).body.id}/verify/registration`, {
      employee_id: who.employeeId,
      value: "not a response",
    });
    expect(bad.body).toMatchObject({ status: 400, code: 1660660611 });
  });

  it("answers 404 for a login on a WebAuthn MFA without keys and 400 for another verify type", async () => {
    const who = await createEmployee(server);
    const started = await broker.post(`/mfa${at(ORIGIN)}`, { employee_id: who.employeeId, type: "webauthn" });
    const none = await login(who, started.body.id, { id: "x", response: {} });
    expect(none.status).toBe(404);
    raml.expectResponse("post", "/mfa/{id}/verify", 404, none.body);
    expect(none.body.code).toBe(1659637860);
    const other = await broker.post(`/mfa/${started.body.id}/verify/authentication`, { employee_id: who.employeeId, value: {} });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe(1671016320);
  });

  it("a password login through POST /authentication hands out the assertion request the key answers", async () => {
    const who = await createEmployee(server);
    const password = "correct horse battery staple 9";
    const set = await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: who.id, p: password });
    expect(set.errors).toBeUndefined();
    const key = new SoftAuthenticator(ORIGIN, RP_ID);
    const { id } = await enrol(who, key);
    const auth = await broker.post(`/authentication${at(ORIGIN)}`, { username: who.username, password });
    expect(auth.status).toBe(200);
    raml.expectResponse("post", "/authentication", 200, auth.body);
    expect(auth.body.mfa).toMatchObject({ prompt: "yes", active: "yes" });
    const option = auth.body.mfa.options.find((o: { id: number }) => o.id === id);
    expect(option.type).toBe("webauthn");
    expect(option.data.publicKey.allowCredentials.map((c: { id: string }) => c.id)).toEqual(key.credentialIds);
    const ok = await login(who, id, key.authenticate(option.data));
    expect(ok.status).toBe(200);
  });

  it("starts no login challenge without an allowed rpOrigin", async () => {
    const who = await createEmployee(server);
    const { id } = await enrol(who, new SoftAuthenticator(ORIGIN, RP_ID));
    expect(await loginOptions(who, id, null)).toEqual([]);
    expect(await loginOptions(who, id, "https://evil.example.com")).toEqual([]);
  });

  describe("PUT and DELETE /mfa/{mfaId}/webauthn/{webauthnId}", () => {
    it("relabels a key, refusing a blank label and an unknown key", async () => {
      const who = await createEmployee(server);
      const { id, finished } = await enrol(who, new SoftAuthenticator(ORIGIN, RP_ID));
      const keyId = finished.body.data[0].id;
      const path = `/mfa/${id}/webauthn/${keyId}`;
      const res = await broker.put(path, { employee_id: who.employeeId, label: "Desk key" });
      expect(res.status).toBe(200);
      raml.expectResponse("put", "/mfa/{mfaId}/webauthn/{webauthnId}", 200, res.body);
      const [row] = await server.database.db.select().from(tables.mfaWebauthnCredentials).where(eq(tables.mfaWebauthnCredentials.id, keyId));
      expect(res.body).toEqual({ id: keyId, mfa_id: id, key_handle_hash: row!.keyHandleHash, label: "Desk key", created_utc: `${clock.now().toISOString().slice(0, 19)}Z`, last_used_utc: null });
      expect(row!.keyHandleHash).toMatch(/^[A-Za-z0-9_-]{43}$/);

      for (const [body, status, code] of [
        [{ employee_id: who.employeeId, label: "  " }, 400, 1660233470],
        [{ employee_id: who.employeeId }, 400, 1660233470],
        [{ employee_id: who.employeeId, label: 3 }, 400, 0],
        [{ label: "x" }, 400, 0],
      ] as const) {
        const before = await footprint(server);
        const bad = await broker.put(path, body);
        expect([body, bad.status, bad.body.code]).toEqual([body, status, code]);
        raml.expectResponse("put", "/mfa/{mfaId}/webauthn/{webauthnId}", 400, bad.body);
        expect(await footprint(server)).toEqual(before);
      }
      const unknown = await broker.put(`/mfa/${id}/webauthn/${keyId + 1000}`, { employee_id: who.employeeId, label: "x" });
      expect(unknown.status).toBe(404);
      raml.expectResponse("put", "/mfa/{mfaId}/webauthn/{webauthnId}", 404, unknown.body);
      expect(unknown.body.code).toBe(1660232933);
      const other = await createEmployee(server);
      const foreign = await broker.put(path, { employee_id: other.employeeId, label: "x" });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe(1506697614);
    });

    it("deletes keys; the last one takes the MFA with it", async () => {
      const who = await createEmployee(server);
      const first = await enrol(who, new SoftAuthenticator(ORIGIN, RP_ID));
      const second = await enrol(who, new SoftAuthenticator(ORIGIN, RP_ID));
      const [a, b] = second.finished.body.data.map((k: { id: number }) => k.id);
      const one = await broker.delete(`/mfa/${first.id}/webauthn/${a}`, { employee_id: who.employeeId });
      expect(one.status).toBe(204);
      raml.expectResponse("delete", "/mfa/{mfaId}/webauthn/{webauthnId}", 204, one.body);
      expect((await broker.get(`/user/${who.employeeId}/mfa`)).body[0].data.map((k: { id: number }) => k.id)).toEqual([b]);
      expect(await subjectsTo(server, who.email)).toContain("A 2-Step Verification option was removed");

      const again = await broker.delete(`/mfa/${first.id}/webauthn/${a}`, { employee_id: who.employeeId });
      expect(again.status).toBe(404);
      raml.expectResponse("delete", "/mfa/{mfaId}/webauthn/{webauthnId}", 404, again.body);
      expect(again.body.code).toBe(1670950790);

      const last = await broker.delete(`/mfa/${first.id}/webauthn/${b}`, { employee_id: who.employeeId });
      expect(last.status).toBe(204);
      expect((await broker.get(`/user/${who.employeeId}/mfa`)).body).toEqual([]);
      expect(await server.database.db.select().from(tables.mfas).where(eq(tables.mfas.id, first.id))).toEqual([]);
      expect(await subjectsTo(server, who.email)).toContain("2-Step Verification is off");
    });

    it("refuses to delete a key of an MFA that is not WebAuthn", async () => {
      const who = await createEmployee(server);
      const codes = await broker.post("/mfa", { employee_id: who.employeeId, type: "backupcode" });
      const before = await footprint(server);
      const res = await broker.delete(`/mfa/${codes.body.id}/webauthn/1`, { employee_id: who.employeeId });
      expect(res.status).toBe(403);
      raml.expectResponse("delete", "/mfa/{mfaId}/webauthn/{webauthnId}", 403, res.body);
      expect(res.body).toEqual({ name: "Forbidden", message: "May not delete a credential on a backupcode mfa type", code: 1658237110, status: 403 });
      const badEmployee = await broker.delete(`/mfa/${codes.body.id}/webauthn/1`, { employee_id: "nobody_here" });
      expect(badEmployee.status).toBe(400);
      raml.expectResponse("delete", "/mfa/{mfaId}/webauthn/{webauthnId}", 400, badEmployee.body);
      expect(await footprint(server)).toEqual(before);
    });
  });
});
