import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { legacyMethodCodeHash, newMethodUid } from "#src/services/recovery-methods/codes.js";
import type { TestServer } from "#test/support/server.js";
import { type BrokerClient, brokerSuite } from "#test/support/id-broker/broker-client.js";
import { codeSentTo, createEmployee, footprint, startMfaServer, subjectsTo, type Employee } from "#test/support/id-broker/mfa-fixtures.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const DAY = 24 * 60 * 60 * 1000;
let addresses = 0;
const newAddress = () => `Recovery.${process.pid}.${++addresses}@Example.NET`;

describe("ID Broker recovery methods", () => {
  const clock = new ManualClock(new Date("2033-02-01T09:00:00Z"));
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startMfaServer(clock))));
  afterAll(() => server?.stop());

  const add = async (who: Employee, value = newAddress()) => {
    const res = await broker.post("/method", { employee_id: who.employeeId, value });
    expect(res.status).toBe(200);
    raml.expectResponse("post", "/method", 200, res.body);
    return { uid: res.body.id as string, value: value.toLowerCase(), code: await codeSentTo(server, value.toLowerCase(), 6) };
  };
  const verify = (uid: string, code: unknown) => broker.put(`/method/${uid}/verify`, { code });
  const wrongFor = (code: string) => (code === "000000" ? "111111" : "000000");
  const row = async (uid: string) => (await server.database.db.select().from(tables.recoveryMethods).where(eq(tables.recoveryMethods.uid, uid)))[0]!;

  describe("POST /method", () => {
    it("adds the address lower-cased, unverified, and mails it a six-digit code kept only sealed", async () => {
      const who = await createEmployee(server);
      const value = newAddress();
      const res = await broker.post("/method", { employee_id: who.employeeId, value });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), value: value.toLowerCase(), verified: false, created: "2033-02-01T09:00:00Z" });
      const code = await codeSentTo(server, value.toLowerCase(), 6);
      const stored = await row(res.body.id);
      // AES-GCM's v1.<iv>.<tag>.<ciphertext>: the code is not in the column in clear, nor hashed where a guess can be tested.
      expect(stored.codeSealed).toMatch(/^v2\.[\w-]{12}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
      expect(stored.codeSealed).not.toContain(code);
      expect(stored.codeHash).toBeNull();
      expect(stored.codeExpiresAt!.toISOString()).toBe("2033-02-06T09:00:00.000Z");
      const audit = await server.gql(`query($id: String) { auditEvents(subjectType: "user", subjectId: $id, first: 5) { action changes } }`, { id: who.id });
      expect(audit.data!.auditEvents[0]).toEqual({ action: "recovery_method.create", changes: { uid: res.body.id, value: value.toLowerCase() } });
      expect(JSON.stringify(audit.data)).not.toContain(code);
    });

    it("restarts an unverified duplicate and answers 409 for a verified one", async () => {
      const who = await createEmployee(server);
      const first = await add(who);
      clock.advance(1000);
      const again = await broker.post("/method", { employee_id: who.employeeId, value: first.value.toUpperCase() });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.uid);
      const second = await codeSentTo(server, first.value, 6);
      const stale = first.code === second ? undefined : await verify(first.uid, first.code);
      if (stale) expect(stale.status).toBe(400);
      expect((await verify(first.uid, second)).status).toBe(200);

      const before = await footprint(server);
      const conflict = await broker.post("/method", { employee_id: who.employeeId, value: first.value });
      expect(conflict.status).toBe(409);
      raml.expectResponse("post", "/method", 409, conflict.body);
      expect(conflict.body).toMatchObject({ name: "Conflict", status: 409, code: 0, message: "A verified recovery method with this value already exists" });
      expect(await footprint(server)).toEqual(before);
    });

    it("checks value, employee_id, the employee and the address in the deployed order, changing nothing", async () => {
      const who = await createEmployee(server);
      const cases: [unknown, number, number, string][] = [
        [{}, 400, 1541627665, "value is required"],
        [{ employee_id: who.employeeId, value: 42 }, 400, 1541627665, "value is required"],
        [{ value: "a@example.org" }, 400, 1540990164, "employee_id is required"],
        [{ employee_id: "nobody_here", value: "not-an-address" }, 404, 1540990165, "employee_id not found"],
        [{ employee_id: who.employeeId, value: "not-an-address" }, 422, 1461441851, "Validation failed, error: Value is not a valid email address."],
        [{ employee_id: who.employeeId, value: "" }, 422, 1461441851, "Validation failed, error: Value is not a valid email address."],
        [{ employee_id: false, value: "a@example.org" }, 400, 0, "employee_id must be a string"],
      ];
      for (const [body, status, code, message] of cases) {
        const before = await footprint(server);
        const res = await broker.post("/method", body);
        expect([body, res.status]).toEqual([body, status]);
        if (status === 404) raml.expectType("Error", res.body);
        else raml.expectResponse("post", "/method", status, res.body);
        expect(res.body).toMatchObject({ code, message, status });
        expect(await footprint(server)).toEqual(before);
      }
      for (const raw of [{ body: "value=a", type: "application/x-www-form-urlencoded" }, { body: "{", type: "application/json" }]) {
        const res = await broker.call("POST", "/method", undefined, { raw });
        expect(res.status).toBe(400);
        raml.expectResponse("post", "/method", 400, res.body);
      }
    });
  });

  describe("PUT /method/{uid}/verify", () => {
    it("verifies with the right code, then answers 200 again without a code check", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      const res = await verify(method.uid, method.code);
      expect(res.status).toBe(200);
      raml.expectResponse("put", "/method/{uid}/verify", 200, res.body);
      expect(res.body).toMatchObject({ id: method.uid, verified: true });
      expect(await row(method.uid)).toMatchObject({ verified: true, codeSealed: null, codeHash: null, codeExpiresAt: null });
      expect((await verify(method.uid, "whatever")).body).toMatchObject({ verified: true });
    });

    it("answers 400 for a wrong code, and refuses a code that is not digits without spending an attempt", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      const wrong = await verify(method.uid, wrongFor(method.code));
      expect(wrong.status).toBe(400);
      raml.expectType("Error", wrong.body);
      expect(wrong.body).toEqual({ name: "Bad Request", message: "Invalid verification code", code: 1470315942, status: 400 });
      expect((await row(method.uid)).attempts).toBe(2);
      for (const code of ["abc123", Number(method.code), { code: method.code }, [method.code]]) {
        const before = await footprint(server);
        const res = await verify(method.uid, code);
        expect(res.status).toBe(400);
        expect(res.body.message).toBe("code must be the digits of the code that was sent, as text");
        expect(await footprint(server)).toEqual(before);
        expect((await row(method.uid)).attempts).toBe(2);
      }
      const missing = await broker.put(`/method/${method.uid}/verify`, {});
      expect(missing.body).toMatchObject({ status: 400, message: "Code is required", code: 0 });
      expect((await verify(method.uid, ` ${method.code} `)).status).toBe(200);
    });

    it("answers 404 for an unknown uid and for one of the wrong shape", async () => {
      const unknown = await verify("A".repeat(32), "123456");
      expect(unknown.status).toBe(404);
      raml.expectResponse("put", "/method/{uid}/verify", 404, unknown.body);
      expect(unknown.body.code).toBe(1546540650);
      for (const uid of ["short", "A".repeat(33), `${"A".repeat(31)}.`]) {
        const res = await verify(uid, "123456");
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ name: "Not Found", message: "", code: 0, status: 404 });
      }
    });

    it("a right but expired code answers 410 and mails a new one; a wrong one is still a 400", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      clock.advance(5 * DAY + 1000);
      try {
        const wrong = await verify(method.uid, wrongFor(method.code));
        expect(wrong.status).toBe(400);
        const gone = await verify(method.uid, method.code);
        expect(gone.status).toBe(410);
        raml.expectResponse("put", "/method/{uid}/verify", 410, gone.body);
        expect(gone.body).toEqual({ name: "Gone", message: "", code: 0, status: 410 });
        const fresh = await codeSentTo(server, method.value, 6);
        expect(await row(method.uid)).toMatchObject({ attempts: 1, verified: false });
        expect((await row(method.uid)).codeExpiresAt!.getTime()).toBe(clock.now().getTime() + 5 * DAY);
        expect((await verify(method.uid, fresh)).status).toBe(200);
      } finally {
        clock.set(new Date("2033-02-01T09:00:00Z"));
      }
    });

    it("allows ten attempts per code sent, the send counting as one: the tenth call is a 429", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      for (let n = 1; n <= 9; n++) expect((await verify(method.uid, wrongFor(method.code))).status).toBe(400);
      const refused = await verify(method.uid, method.code);
      expect(refused.status).toBe(429);
      raml.expectResponse("put", "/method/{uid}/verify", 429, refused.body);
      expect(refused.body).toEqual({ name: "Too Many Requests", message: "", code: 0, status: 429 });
      // A new request for the same address starts again.
      await broker.post("/method", { employee_id: who.employeeId, value: method.value });
      expect((await verify(method.uid, await codeSentTo(server, method.value, 6))).status).toBe(200);
    });

    it("holds the cap under concurrent wrong guesses", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      const results = await Promise.all(Array.from({ length: 20 }, () => verify(method.uid, wrongFor(method.code))));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 400)).toHaveLength(9);
      expect(statuses.filter((s) => s === 429)).toHaveLength(11);
      expect((await row(method.uid)).attempts).toBe(10);
      expect((await verify(method.uid, method.code)).status).toBe(429);
    });
  });

  describe("GET, DELETE, resend and the user's list", () => {
    it("reads a verified method (employee_id in the body of the GET, or the query), not an unverified one", async () => {
      const who = await createEmployee(server);
      const other = await createEmployee(server);
      const method = await add(who);
      const unverified = await broker.call("GET", `/method/${method.uid}`, { employee_id: who.employeeId });
      expect(unverified.status).toBe(404);
      raml.expectResponse("get", "/method/{uid}", 404, unverified.body);
      expect(unverified.body).toEqual({ name: "Not Found", message: `method '${method.uid}' for employee '${who.employeeId}' not found`, code: 1540665086, status: 404 });
      await verify(method.uid, method.code);
      const read = await broker.call("GET", `/method/${method.uid}`, { employee_id: who.employeeId });
      expect(read.status).toBe(200);
      raml.expectResponse("get", "/method/{uid}", 200, read.body);
      expect(read.body).toMatchObject({ id: method.uid, value: method.value, verified: true });
      expect((await broker.get(`/method/${method.uid}?employee_id=${who.employeeId}`)).status).toBe(200);
      expect((await broker.call("GET", `/method/${method.uid}`, { employee_id: other.employeeId })).status).toBe(404);
      expect((await broker.get(`/method/${method.uid}`)).status).toBe(404);
    });

    it("lists every method of the user, verified or not, unmasked", async () => {
      const who = await createEmployee(server);
      const a = await add(who);
      const b = await add(who);
      await verify(b.uid, b.code);
      const res = await broker.get(`/user/${who.employeeId}/method`);
      expect(res.status).toBe(200);
      raml.expectResponse("get", "/user/{employee_id}/method", 200, res.body);
      expect(res.body.map((m: { id: string; value: string; verified: boolean }) => [m.id, m.value, m.verified])).toEqual([[a.uid, a.value, false], [b.uid, b.value, true]]);
      const unknown = await broker.get("/user/nobody_here/method");
      expect(unknown.status).toBe(400);
      raml.expectResponse("get", "/user/{employee_id}/method", 400, unknown.body);
      expect(unknown.body).toEqual({ name: "Bad Request", message: "User not found for employeeId 'nobody_here'", code: 1540491109, status: 400 });
      expect((await broker.get("/user/bad-id/method")).status).toBe(404);
    });

    it("resends the same code, counting it as an attempt; refuses a verified or foreign method", async () => {
      const who = await createEmployee(server);
      const other = await createEmployee(server);
      const method = await add(who);
      const before = await row(method.uid);
      const res = await broker.put(`/method/${method.uid}/resend`, { employee_id: who.employeeId });
      expect(res.status).toBe(204);
      raml.expectResponse("put", "/method/{uid}/resend", 204, res.body);
      expect(await subjectsTo(server, method.value)).toHaveLength(2);
      expect(await codeSentTo(server, method.value, 6)).toBe(method.code);
      const after = await row(method.uid);
      expect(after).toMatchObject({ attempts: 2, codeSealed: before.codeSealed, codeExpiresAt: before.codeExpiresAt });
      const audit = await server.gql(`query($id: String) { auditEvents(subjectType: "user", subjectId: $id, first: 1) { action changes } }`, { id: who.id });
      expect(audit.data!.auditEvents[0]).toEqual({ action: "recovery_method.resend", changes: { uid: method.uid } });

      const foreign = await broker.put(`/method/${method.uid}/resend`, { employee_id: other.employeeId });
      expect(foreign.status).toBe(404);
      raml.expectResponse("put", "/method/{uid}/resend", 404, foreign.body);
      expect(foreign.body.code).toBe(1540665086);

      // The code of the first e-mail still works.
      expect((await verify(method.uid, method.code)).status).toBe(200);
      const done = await broker.put(`/method/${method.uid}/resend`, { employee_id: who.employeeId });
      expect(done.status).toBe(400);
      raml.expectResponse("put", "/method/{uid}/resend", 400, done.body);
      expect(done.body).toEqual({ name: "Bad Request", message: "Method already verified", code: 0, status: 400 });
    });

    it("a resend counts against the attempt cap: after it, eight wrong codes leave the first code refused", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      expect((await broker.put(`/method/${method.uid}/resend`, { employee_id: who.employeeId })).status).toBe(204);
      for (let n = 1; n <= 8; n++) expect((await verify(method.uid, wrongFor(method.code))).status).toBe(400);
      expect((await verify(method.uid, method.code)).status).toBe(429);
    });

    it("concurrent resends each count once and all mail the one code", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      const results = await Promise.all(Array.from({ length: 6 }, () => broker.put(`/method/${method.uid}/resend`, { employee_id: who.employeeId })));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(204));
      expect((await row(method.uid)).attempts).toBe(7);
      const sent = await server.gql(`query($to: String) { outboxMessages(to: $to, first: 20) { text } }`, { to: method.value });
      const codes = (sent.data!.outboxMessages as { text: string }[]).map((m) => /(?<!\d)(\d{6})(?!\d)/.exec(m.text)?.[1]);
      expect(codes).toEqual(Array(7).fill(method.code));
      expect((await verify(method.uid, method.code)).status).toBe(200);
    });

    it("a method from before codes were sealed verifies with its hashed code; its resend mails a new code, sealed", async () => {
      const who = await createEmployee(server);
      const legacy = async (value: string, code: string) => {
        const uid = newMethodUid();
        const codeExpiresAt = new Date(clock.now().getTime() + DAY);
        await server.database.db.insert(tables.recoveryMethods).values({ uid, userId: who.id, value, codeHash: legacyMethodCodeHash(uid, code), codeExpiresAt, attempts: 1 });
        return uid;
      };
      const kept = await legacy(newAddress().toLowerCase(), "246810");
      expect((await verify(kept, "135791")).status).toBe(400);
      expect((await verify(kept, "246810")).status).toBe(200);

      const value = newAddress().toLowerCase();
      const resent = await legacy(value, "246810");
      expect((await broker.put(`/method/${resent}/resend`, { employee_id: who.employeeId })).status).toBe(204);
      const fresh = await codeSentTo(server, value, 6);
      expect(await row(resent)).toMatchObject({ attempts: 2, codeHash: null, codeSealed: expect.stringMatching(/^v2\./) });
      if (fresh !== "246810") expect((await verify(resent, "246810")).status).toBe(400);
      expect((await verify(resent, fresh)).status).toBe(200);
    });

    it("a resend after the expiry starts again with a fresh five days", async () => {
      const who = await createEmployee(server);
      const method = await add(who);
      clock.advance(6 * DAY);
      try {
        expect((await broker.put(`/method/${method.uid}/resend`, { employee_id: who.employeeId })).status).toBe(204);
        expect(await row(method.uid)).toMatchObject({ attempts: 1 });
        expect((await verify(method.uid, await codeSentTo(server, method.value, 6))).status).toBe(200);
      } finally {
        clock.set(new Date("2033-02-01T09:00:00Z"));
      }
    });

    it("deletes a method of the employee only", async () => {
      const who = await createEmployee(server);
      const other = await createEmployee(server);
      const method = await add(who);
      const before = await footprint(server);
      const foreign = await broker.delete(`/method/${method.uid}`, { employee_id: other.employeeId });
      expect(foreign.status).toBe(404);
      raml.expectResponse("delete", "/method/{uid}", 404, foreign.body);
      const noBody = await broker.delete(`/method/${method.uid}`);
      expect(noBody.status).toBe(400);
      expect(await footprint(server)).toEqual(before);
      const res = await broker.delete(`/method/${method.uid}`, { employee_id: who.employeeId });
      expect(res.status).toBe(204);
      raml.expectResponse("delete", "/method/{uid}", 204, res.body);
      expect((await broker.delete(`/method/${method.uid}`, { employee_id: who.employeeId })).status).toBe(404);
      expect((await broker.get(`/user/${who.employeeId}/method`)).body).toEqual([]);
    });
  });
});
