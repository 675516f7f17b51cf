import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { type BrokerClient, brokerSuite } from "#test/support/id-broker/broker-client.js";
import { codeSentTo, createEmployee, failedAttempts, footprint, startMfaServer, subjectsTo, totpAt, type Employee } from "#test/support/id-broker/mfa-fixtures.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const MINUTE = 60_000;
const RATE_LIMIT_SUBJECT = "Too many failed 2-Step Verification attempts";

describe("ID Broker MFA: POST /mfa/{id}/verify", () => {
  const clock = new ManualClock(new Date("2031-06-01T08:00:00Z"));
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startMfaServer(clock))));
  afterAll(() => server?.stop());

  const backupCodes = async (who: Employee) => {
    const res = await broker.post("/mfa", { employee_id: who.employeeId, type: "backupcode" });
    return { id: res.body.id as number, codes: res.body.data as string[] };
  };
  const verify = (who: Employee, id: number, value: unknown, path = "verify") => broker.post(`/mfa/${id}/${path}`, { employee_id: who.employeeId, value });
  const wrongCode = (codes: string[]) => {
    for (let n = 0; ; n++) {
      const candidate = String(10_000_000 + n);
      if (!codes.includes(candidate)) return candidate;
    }
  };

  describe("backup codes", () => {
    it("accept each code once, with spaces or dashes, and record when the MFA was used", async () => {
      const who = await createEmployee(server);
      const { id, codes } = await backupCodes(who);
      clock.advance(MINUTE);
      const first = await verify(who, id, `${codes[0]!.slice(0, 4)} ${codes[0]!.slice(4)}`);
      expect(first.status).toBe(200);
      raml.expectResponse("post", "/mfa/{id}/verify", 200, first.body);
      expect(first.body).toEqual({ id, type: "backupcode", label: "Printable Codes", created_utc: "2031-06-01T08:00:00Z", last_used_utc: "2031-06-01T08:01:00Z", data: { count: 9 } });
      const again = await verify(who, id, codes[0]);
      expect(again.status).toBe(400);
      raml.expectResponse("post", "/mfa/{id}/verify", 400, again.body);
      expect(again.body).toEqual({ name: "Bad Request", message: "", code: 0, status: 400 });
      const dashed = await verify(who, id, `${codes[1]!.slice(0, 4)}-${codes[1]!.slice(4)}`);
      expect(dashed.body.data).toEqual({ count: 8 });
      const asNumber = codes.slice(2).find((c) => !c.startsWith("0"))!;
      expect((await verify(who, id, Number(asNumber))).status).toBe(200);
    });

    it("ask the user to print new ones when fewer than four are left", async () => {
      const who = await createEmployee(server);
      const { id, codes } = await backupCodes(who);
      for (const code of codes.slice(0, 6)) expect((await verify(who, id, code)).status).toBe(200);
      expect(await subjectsTo(server, who.email)).not.toContain("Print new backup codes");
      expect((await verify(who, id, codes[6])).body.data).toEqual({ count: 3 });
      expect(await subjectsTo(server, who.email)).toContain("Print new backup codes");
    });

    it("a code that is not digits is refused without counting as an attempt", async () => {
      const who = await createEmployee(server);
      const { id } = await backupCodes(who);
      for (const value of ["abcdefgh", "12ab5678", "", "   ", { code: "12345678" }, true, -5, 1.5]) {
        const before = await footprint(server);
        const res = await verify(who, id, value);
        expect([value, res.status]).toEqual([value, 400]);
        raml.expectResponse("post", "/mfa/{id}/verify", 400, res.body);
        expect(res.body).toEqual({ name: "Bad Request", message: "value must be a numeric code", code: 0, status: 400 });
        expect(await footprint(server)).toEqual(before);
      }
    });
  });

  describe("checks, in the deployed order", () => {
    it("answers each with its status and code, and changes nothing", async () => {
      const who = await createEmployee(server);
      const other = await createEmployee(server);
      const { id } = await backupCodes(who);
      const totp = await broker.post("/mfa", { employee_id: who.employeeId, type: "totp" });
      const manager = await broker.post("/mfa", { employee_id: who.employeeId, type: "manager" });
      const cases: [string, string, unknown, number, string, number][] = [
        ["value missing (before employee_id)", `/mfa/${id}/verify`, {}, 400, "Value is required for verification", 1506697678],
        ["value null", `/mfa/${id}/verify`, { employee_id: who.employeeId, value: null }, 400, "Value is required for verification", 1506697678],
        ["employee_id missing", `/mfa/${id}/verify`, { value: "12345678" }, 400, "employee_id is required", 0],
        ["unknown employee", `/mfa/${id}/verify`, { employee_id: "nobody_here", value: "12345678" }, 400, "Invalid employee_id", 0],
        ["another employee's MFA", `/mfa/${id}/verify`, { employee_id: other.employeeId, value: "12345678" }, 404, `MFA record for id ${id} not found`, 1506697604],
        ["an MFA that does not exist", `/mfa/987654/verify`, { employee_id: who.employeeId, value: "12345678" }, 404, "MFA record for id 987654 not found", 1506697604],
        ["a bad rpOrigin", `/mfa/${id}/verify?rpOrigin=https://evil.example.com`, { employee_id: who.employeeId, value: "12345678" }, 403, "Invalid rpOrigin", 1638539443],
        ["registration of a backupcode", `/mfa/${id}/verify/registration`, { employee_id: who.employeeId, value: "12345678" }, 400, "A non-blank verification type is not allowed when verifying a mfa of type backupcode", 1670950767],
        ["registration of a totp", `/mfa/${totp.body.id}/verify/registration`, { employee_id: who.employeeId, value: "123456" }, 400, "A non-blank verification type is not allowed when verifying a mfa of type totp", 1670950780],
        ["registration of a manager code", `/mfa/${manager.body.id}/verify/registration`, { employee_id: who.employeeId, value: "12345678" }, 400, "A non-blank verification type is not allowed when verifying a mfa of type manager", 1670950770],
        ["employee_id of the wrong type", `/mfa/${id}/verify`, { employee_id: { id: 1 }, value: "12345678" }, 400, "employee_id must be a string", 0],
        ["an id that is not digits", `/mfa/x1/verify`, { employee_id: who.employeeId, value: "12345678" }, 404, "", 0],
      ];
      for (const [name, path, body, status, message, code] of cases) {
        const before = await footprint(server);
        const res = await broker.post(path, body);
        expect([name, res.status]).toEqual([name, status]);
        if (status === 403) raml.expectType("Error", res.body);
        else raml.expectResponse("post", path.includes("registration") ? "/mfa/{id}/verify/registration" : "/mfa/{id}/verify", status, res.body);
        expect([name, res.body]).toEqual([name, { name: status === 400 ? "Bad Request" : status === 403 ? "Forbidden" : "Not Found", message, code, status }]);
        expect(await footprint(server)).toEqual(before);
      }
    });
  });

  describe("five failures in five minutes", () => {
    it("refuse even the right code with 429, mail the user once, and pass again after the window", async () => {
      const who = await createEmployee(server);
      const { id, codes } = await backupCodes(who);
      const wrong = wrongCode(codes);
      for (let n = 1; n <= 5; n++) {
        const res = await verify(who, id, wrong);
        expect(res.status).toBe(400);
        clock.advance(10_000);
      }
      expect((await subjectsTo(server, who.email)).filter((s) => s === RATE_LIMIT_SUBJECT)).toHaveLength(1);
      const refused = await verify(who, id, codes[0]);
      expect(refused.status).toBe(429);
      raml.expectResponse("post", "/mfa/{id}/verify", 429, refused.body);
      expect(refused.body).toEqual({ name: "Too Many Requests", message: "Too many recent failed attempts for this MFA", code: 0, status: 429 });
      expect((await server.database.db.select().from(tables.mfaCodes).where(eq(tables.mfaCodes.mfaId, id))).length).toBe(10);

      // The first failure was 50 s ago: it leaves the window at 5 minutes.
      clock.advance(5 * MINUTE - 51_000);
      const stillEarly = await verify(who, id, codes[0]);
      expect(stillEarly.status).toBe(429);
      clock.advance(2_000);
      const afterWindow = await verify(who, id, codes[0]);
      expect(afterWindow.status).toBe(200);
      expect(await failedAttempts(server, id)).toBe(0);
      expect((await subjectsTo(server, who.email)).filter((s) => s === RATE_LIMIT_SUBJECT)).toHaveLength(1);
    });

    it("hold under concurrent wrong guesses: exactly five get through to a 400", async () => {
      const who = await createEmployee(server);
      const { id, codes } = await backupCodes(who);
      const wrong = wrongCode(codes);
      const results = await Promise.all(Array.from({ length: 16 }, () => verify(who, id, wrong)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 400)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(11);
      expect(await failedAttempts(server, id)).toBe(5);
      expect((await subjectsTo(server, who.email)).filter((s) => s === RATE_LIMIT_SUBJECT)).toHaveLength(1);
      expect((await verify(who, id, codes[0])).status).toBe(429);
    });

    it("let one of many parallel uses of the same code through", async () => {
      const who = await createEmployee(server);
      const { id, codes } = await backupCodes(who);
      const results = await Promise.all(Array.from({ length: 4 }, () => verify(who, id, codes[3])));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status !== 200).every((r) => r.status === 400)).toBe(true);
      expect((await server.database.db.select().from(tables.mfaCodes).where(eq(tables.mfaCodes.mfaId, id))).length).toBe(9);
    });
  });

  describe("TOTP", () => {
    it("takes the app's code once, the next step's code after it, and a code one step off", async () => {
      const who = await createEmployee(server);
      const created = await broker.post("/mfa", { employee_id: who.employeeId, type: "totp" });
      const secret: string = created.body.data.totpKey;
      const notYet = await verify(who, created.body.id, "000000" === (await totpAt(secret, clock)) ? "111111" : "000000");
      expect(notYet.status).toBe(400);
      const code = await totpAt(secret, clock);
      expect((await verify(who, created.body.id, code)).status).toBe(200);
      expect((await verify(who, created.body.id, code)).status).toBe(400);
      clock.advance(30_000);
      expect((await verify(who, created.body.id, await totpAt(secret, clock))).status).toBe(200);
      clock.advance(60_000);
      expect((await verify(who, created.body.id, await totpAt(secret, clock, -30))).status).toBe(200);
      clock.advance(30_000);
      expect((await verify(who, created.body.id, await totpAt(secret, clock, -120))).status).toBe(400);
      const [row] = await server.database.db.select().from(tables.mfas).where(eq(tables.mfas.id, created.body.id));
      expect(row).toMatchObject({ verified: true });
      expect(await subjectsTo(server, who.email)).toContain("2-Step Verification is on");
    });

    it("a code used in parallel passes once", async () => {
      const who = await createEmployee(server);
      const created = await broker.post("/mfa", { employee_id: who.employeeId, type: "totp" });
      const code = await totpAt(created.body.data.totpKey, clock);
      const results = await Promise.all(Array.from({ length: 4 }, () => verify(who, created.body.id, code)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    });
  });

  describe("manager and recovery codes", () => {
    it("any verified sign-in removes the contacts' codes", async () => {
      const who = await createEmployee(server);
      const { id, codes } = await backupCodes(who);
      const manager = await broker.post("/mfa", { employee_id: who.employeeId, type: "manager" });
      await broker.post("/mfa", { employee_id: who.employeeId, type: "recovery", recovery_email: "pal@example.net" });
      expect((await broker.get(`/user/${who.employeeId}/mfa`)).body).toHaveLength(3);
      expect((await verify(who, id, codes[0])).status).toBe(200);
      expect((await broker.get(`/user/${who.employeeId}/mfa`)).body.map((m: { type: string }) => m.type)).toEqual(["backupcode"]);
      expect((await verify(who, manager.body.id, "12345678")).status).toBe(404);
    });

    it("a manager code is good once and lapses after seven days", async () => {
      const who = await createEmployee(server);
      const manager = await broker.post("/mfa", { employee_id: who.employeeId, type: "manager" });
      const code = await codeSentTo(server, who.managerEmail!, 8);
      clock.advance(7 * 24 * 60 * MINUTE + 1000);
      expect((await verify(who, manager.body.id, code)).status).toBe(400);
      await broker.post("/mfa", { employee_id: who.employeeId, type: "manager" });
      const fresh = await codeSentTo(server, who.managerEmail!, 8);
      const ok = await verify(who, manager.body.id, fresh);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: manager.body.id, type: "manager" });
    });
  });

  it("writes an audit event for each outcome", async () => {
    const who = await createEmployee(server);
    const { id, codes } = await backupCodes(who);
    await verify(who, id, wrongCode(codes));
    await verify(who, id, codes[0]);
    const res = await server.gql(`query($id: String) { auditEvents(subjectType: "user", subjectId: $id, first: 50) { action changes } }`, { id: who.id });
    const actions = res.data!.auditEvents.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 3)).toEqual(["mfa.verify", "mfa.verify.fail", "mfa.create"]);
    expect(JSON.stringify(res.data!.auditEvents)).not.toContain(codes[0]);
  });
});
