import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { type BrokerClient, brokerSuite } from "#test/support/id-broker/broker-client.js";
import { codeSentTo, createEmployee, expectCreationWithObjectData, footprint, ORIGIN, startMfaServer, subjectsTo, totpAt, type Employee } from "#test/support/id-broker/mfa-fixtures.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const DAY = 24 * 60 * 60 * 1000;

describe("ID Broker MFA: create, list, label, delete", () => {
  const clock = new ManualClock(new Date("2030-03-01T10:00:00Z"));
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startMfaServer(clock))));
  afterAll(() => server?.stop());

  const listOf = async (who: Employee, query = "") => {
    const res = await broker.get(`/user/${who.employeeId}/mfa${query}`);
    expect(res.status).toBe(200);
    raml.expectResponse("get", "/user/{employee_id}/mfa", 200, res.body.filter((m: { type: string }) => m.type !== "recovery"));
    return res.body as { id: number; type: string; label: string; created_utc: string; last_used_utc: string | null; data: any }[];
  };
  const create = (who: Employee, body: Record<string, unknown> = {}, query = "") => broker.post(`/mfa${query}`, { employee_id: who.employeeId, ...body });

  describe("POST /mfa backupcode", () => {
    it("issues ten 8-digit codes, verified at once, listed as a count, stored only as hashes", async () => {
      const who = await createEmployee(server);
      const res = await create(who, { type: "backupcode" });
      expect(res.status).toBe(200);
      raml.expectResponse("post", "/mfa", 200, res.body);
      const codes: string[] = res.body.data;
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^\d{8}$/);
      expect(new Set(codes).size).toBe(10);

      expect(await listOf(who)).toEqual([
        { id: res.body.id, type: "backupcode", label: "Printable Codes", created_utc: "2030-03-01T10:00:00Z", last_used_utc: null, data: { count: 10 } },
      ]);
      const stored = await server.database.db.select().from(tables.mfaCodes).where(eq(tables.mfaCodes.mfaId, res.body.id));
      expect(stored).toHaveLength(10);
      for (const row of stored) for (const code of codes) expect(row.codeHash).not.toContain(code);
      expect(await subjectsTo(server, who.email)).toContain("2-Step Verification is on");
    });

    it("a second request keeps the MFA and replaces its codes", async () => {
      const who = await createEmployee(server);
      const first = await create(who, { type: "backupcode", label: "Paper" });
      clock.advance(60_000);
      const second = await create(who, { type: "backupcode" });
      expect(second.status).toBe(200);
      expect(second.body.id).toBe(first.body.id);
      const [listed] = await listOf(who);
      expect(listed).toMatchObject({ label: "Paper", created_utc: "2030-03-01T10:01:00Z", data: { count: 10 } });
      const old = await broker.post(`/mfa/${first.body.id}/verify`, { employee_id: who.employeeId, value: first.body.data[0] });
      expect(old.status).toBe(400);
      const fresh = await broker.post(`/mfa/${first.body.id}/verify`, { employee_id: who.employeeId, value: second.body.data[0] });
      expect(fresh.status).toBe(200);
    });
  });

  describe("POST /mfa totp", () => {
    it("returns the key, its otpauth URL and a PNG QR code, and keeps the secret sealed", async () => {
      const who = await createEmployee(server);
      const res = await create(who, { type: "totp" });
      expect(res.status).toBe(200);
      expectCreationWithObjectData(raml, res.body);
      const { totpKey, otpAuthUrl, imageUrl } = res.body.data;
      expect(Object.keys(res.body.data).sort()).toEqual(["imageUrl", "otpAuthUrl", "totpKey"]);
      expect(totpKey).toMatch(/^[A-Z2-7]{16,}=*$/);
      const url = new URL(otpAuthUrl);
      expect(url.protocol).toBe("otpauth:");
      expect(url.searchParams.get("secret")).toBe(totpKey);
      expect(url.searchParams.get("issuer")).toBe("Example IdP");
      expect(decodeURIComponent(url.pathname)).toContain(who.username);
      expect(imageUrl).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(imageUrl.slice("data:image/png;base64,".length), "base64");
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.length).toBeGreaterThan(200);

      const [row] = await server.database.db.select().from(tables.mfas).where(eq(tables.mfas.id, res.body.id));
      expect(row!.verified).toBe(false);
      expect(row!.totpSecretSealed).toMatch(/^v2\.[\w-]{12}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
      expect(row!.totpSecretSealed).not.toContain(totpKey);
      expect(await listOf(who)).toEqual([]);
    });

    it("is usable after its first verification, and a second TOTP is then a 409", async () => {
      const who = await createEmployee(server);
      const res = await create(who, { type: "totp", label: "Phone" });
      const verified = await broker.post(`/mfa/${res.body.id}/verify`, { employee_id: who.employeeId, value: await totpAt(res.body.data.totpKey, clock) });
      expect(verified.status).toBe(200);
      raml.expectResponse("post", "/mfa/{id}/verify", 200, verified.body);
      expect(verified.body).toMatchObject({ id: res.body.id, type: "totp", label: "Phone", data: [] });
      expect((await listOf(who)).map((m) => m.type)).toEqual(["totp"]);

      const before = await footprint(server);
      const again = await create(who, { type: "totp" });
      expect(again.status).toBe(409);
      raml.expectResponse("post", "/mfa", 409, again.body);
      expect(again.body).toEqual({ name: "Conflict", message: "An MFA of type totp already exists.", code: 1551190694, status: 409 });
      expect(await footprint(server)).toEqual(before);
    });

    it("a new unverified TOTP replaces an unfinished one", async () => {
      const who = await createEmployee(server);
      const first = await create(who, { type: "totp" });
      const second = await create(who, { type: "totp" });
      expect(second.body.id).not.toBe(first.body.id);
      const rows = await server.database.db.select().from(tables.mfas).where(eq(tables.mfas.userId, who.id));
      expect(rows.map((r) => r.id)).toEqual([second.body.id]);
    });
  });

  describe("POST /mfa manager and recovery", () => {
    it("mails a code to the manager and tells the user, verified at once", async () => {
      const who = await createEmployee(server);
      const res = await create(who, { type: "manager" });
      expect(res.status).toBe(200);
      raml.expectResponse("post", "/mfa", 200, res.body);
      expect(res.body.data).toEqual([]);
      const code = await codeSentTo(server, who.managerEmail!, 8);
      expect(await subjectsTo(server, who.email)).toContain("A backup code was sent for you");
      expect(await listOf(who)).toEqual([expect.objectContaining({ id: res.body.id, type: "manager", label: "Manager Backup Code", data: { count: 1 } })]);
      // A second request adds a code to the same MFA; the first one stays good.
      const again = await create(who, { type: "manager" });
      expect(again.body.id).toBe(res.body.id);
      expect((await listOf(who))[0]!.data).toEqual({ count: 2 });
      const ok = await broker.post(`/mfa/${res.body.id}/verify`, { employee_id: who.employeeId, value: code });
      expect(ok.status).toBe(200);
    });

    it("refuses a manager MFA for a user without a manager e-mail", async () => {
      const who = await createEmployee(server, { managerEmail: null });
      const before = await footprint(server);
      const res = await create(who, { type: "manager" });
      expect(res.status).toBe(400);
      raml.expectResponse("post", "/mfa", 400, res.body);
      expect(res.body).toEqual({ name: "Bad Request", message: "Manager email must be valid for this MFA type", code: 0, status: 400 });
      expect(await footprint(server)).toEqual(before);
    });

    it("mails a recovery-contact code to the given address", async () => {
      const who = await createEmployee(server);
      const res = await create(who, { type: "recovery", recovery_email: "friend@example.net" });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
      const code = await codeSentTo(server, "friend@example.net", 8);
      const listed = await listOf(who);
      expect(listed).toEqual([expect.objectContaining({ type: "recovery", label: "Recovery Contact Code", data: [] })]);
      const ok = await broker.post(`/mfa/${res.body.id}/verify`, { employee_id: who.employeeId, value: code });
      expect(ok.status).toBe(200);
    });

    it.each([[undefined], ["not-an-address"], [""]])("refuses a recovery MFA with recovery_email %j", async (address) => {
      const who = await createEmployee(server);
      const before = await footprint(server);
      const res = await create(who, { type: "recovery", recovery_email: address });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ name: "Bad Request", message: "Recovery email must be valid for this MFA type.", code: 1742328138, status: 400 });
      expect(await footprint(server)).toEqual(before);
    });
  });

  describe("POST /mfa checks, in the deployed order", () => {
    type Case = [string, (who: Employee) => Record<string, unknown>, string, number, string, number];
    const cases: Case[] = [
      ["an unknown type before a missing employee_id", () => ({ type: "sms" }), "", 400, "The provided type is not a supported MFA type", 1506695647],
      ["a missing type", (who) => ({ employee_id: who.employeeId }), "", 400, "The provided type is not a supported MFA type", 1506695647],
      ["a type of the wrong JSON type", (who) => ({ employee_id: who.employeeId, type: 5 }), "", 400, "The provided type is not a supported MFA type", 1506695647],
      ["a missing employee_id", () => ({ type: "backupcode" }), "", 400, "employee_id is required", 1506695722],
      ["an unknown employee", () => ({ type: "backupcode", employee_id: "nobody_here" }), "", 400, "User not found", 1506695733],
      ["an unknown employee before a bad rpOrigin", () => ({ type: "webauthn", employee_id: "nobody_here" }), "?rpOrigin=https://evil.example.com", 400, "User not found", 1506695733],
      ["an rpOrigin not in RP_ORIGINS", (who) => ({ type: "webauthn", employee_id: who.employeeId }), "?rpOrigin=https://evil.example.com", 403, "Invalid rpOrigin: https://evil.example.com", 1638539433],
    ];

    it.each(cases)("%s", async (_name, body, query, status, message, code) => {
      const who = await createEmployee(server);
      const before = await footprint(server);
      const res = await broker.post(`/mfa${query}`, body(who));
      expect(res.status).toBe(status);
      if (status === 403) raml.expectType("Error", res.body);
      else raml.expectResponse("post", "/mfa", status, res.body);
      expect(res.body).toEqual({ name: status === 403 ? "Forbidden" : "Bad Request", message, code, status });
      expect(await footprint(server)).toEqual(before);
    });

    it("checks rpOrigin before the manager e-mail", async () => {
      const who = await createEmployee(server, { managerEmail: null });
      const res = await create(who, { type: "manager" }, "?rpOrigin=https://evil.example.com");
      expect(res.status).toBe(403);
    });

    it("takes a label, uses the type's name for a blank one, and refuses one too long", async () => {
      const who = await createEmployee(server);
      await create(who, { type: "backupcode", label: "   " });
      expect((await listOf(who))[0]!.label).toBe("Printable Codes");
      const other = await createEmployee(server);
      await create(other, { type: "backupcode", label: "  My codes " });
      expect((await listOf(other))[0]!.label).toBe("My codes");
      const third = await createEmployee(server);
      const before = await footprint(server);
      const long = await create(third, { type: "backupcode", label: "x".repeat(65) });
      expect(long.status).toBe(400);
      expect(long.body.message).toBe("label must be at most 64 characters");
      expect(await footprint(server)).toEqual(before);
    });
  });

  describe("bad bodies", () => {
    const bodies: [string, unknown, { body: string; type: string } | undefined, RegExp][] = [
      ["no body", undefined, undefined, /JSON object/],
      ["a JSON array", [1, 2], undefined, /JSON object/],
      ["a text/plain body", undefined, { body: '{"type":"backupcode"}', type: "text/plain" }, /JSON object/],
      ["malformed JSON", undefined, { body: "{nope", type: "application/json" }, /not valid JSON/],
      ["employee_id of the wrong type", { type: "backupcode", employee_id: true }, undefined, /employee_id must be a string/],
      ["label of the wrong type", { type: "backupcode", label: ["a"] }, undefined, /label must be a string/],
    ];

    it.each(bodies)("%s: 400 and nothing changed", async (_name, body, raw, message) => {
      const before = await footprint(server);
      const res = await broker.call("POST", "/mfa", body, raw ? { raw } : {});
      expect(res.status).toBe(400);
      raml.expectResponse("post", "/mfa", 400, res.body);
      expect(res.body.message).toMatch(message);
      expect(await footprint(server)).toEqual(before);
    });

    it("needs an API key before anything else", async () => {
      const res = await broker.post("/mfa", { type: "backupcode" }, { key: null });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    });
  });

  describe("GET /user/{employee_id}/mfa", () => {
    it("lists verified MFAs only, manager and recovery included", async () => {
      const who = await createEmployee(server);
      await create(who, { type: "totp" });
      const codes = await create(who, { type: "backupcode" });
      const manager = await create(who, { type: "manager" });
      const listed = await listOf(who, `?rpOrigin=${encodeURIComponent(ORIGIN)}`);
      expect(listed.map((m) => [m.id, m.type])).toEqual([[codes.body.id, "backupcode"], [manager.body.id, "manager"]]);
    });

    it("answers 400 for an unknown employee, 403 for a bad rpOrigin, 404 for an odd employee id", async () => {
      const unknown = await broker.get("/user/nobody_here/mfa");
      expect(unknown.status).toBe(400);
      raml.expectResponse("get", "/user/{employee_id}/mfa", 400, unknown.body);
      expect(unknown.body).toEqual({ name: "Bad Request", message: "User not found for employeeId nobody_here", code: 1506697453, status: 400 });
      const who = await createEmployee(server);
      const forbidden = await broker.get(`/user/${who.employeeId}/mfa?rpOrigin=https://evil.example.com`);
      expect(forbidden.status).toBe(403);
      raml.expectType("Error", forbidden.body);
      expect(forbidden.body.code).toBe(1638378156);
      const odd = await broker.get("/user/a-b.c/mfa");
      expect(odd.status).toBe(404);
      expect(odd.body).toEqual({ name: "Not Found", message: "", code: 0, status: 404 });
    });
  });

  describe("PUT /mfa/{id}", () => {
    it("sets a label, resets a blank one to the type's name, and leaves an absent one alone", async () => {
      const who = await createEmployee(server);
      const { body: created } = await create(who, { type: "backupcode" });
      const set = await broker.put(`/mfa/${created.id}`, { employee_id: who.employeeId, label: "Blue sheet" });
      expect(set.status).toBe(200);
      raml.expectResponse("put", "/mfa/{id}", 200, set.body);
      expect(set.body).toMatchObject({ id: created.id, label: "Blue sheet", data: { count: 10 } });
      const absent = await broker.put(`/mfa/${created.id}`, { employee_id: who.employeeId });
      expect(absent.body.label).toBe("Blue sheet");
      const blank = await broker.put(`/mfa/${created.id}`, { employee_id: who.employeeId, label: "" });
      expect(blank.body.label).toBe("Printable Codes");
      const actions = (await server.gql(`query($id: String) { auditEvents(subjectType: "user", subjectId: $id, first: 50) { action } }`, { id: who.id })).data!.auditEvents;
      expect(actions.filter((a: { action: string }) => a.action === "mfa.label.update")).toHaveLength(2);
    });

    it("answers the deployed errors and changes nothing", async () => {
      const who = await createEmployee(server);
      const other = await createEmployee(server);
      const { body: created } = await create(who, { type: "backupcode" });
      const cases: [string, unknown, number, number, string][] = [
        [`/mfa/${created.id}`, { label: "x" }, 400, 0, "employee_id is required"],
        [`/mfa/${created.id}`, { employee_id: "nobody_here", label: "x" }, 400, 1543934333, "Invalid employee_id"],
        [`/mfa/${created.id}`, { employee_id: other.employeeId, label: "x" }, 404, 1506697614, `MFA record for id ${created.id} not found`],
        [`/mfa/999999`, { employee_id: who.employeeId, label: "x" }, 404, 1506697614, "MFA record for id 999999 not found"],
        [`/mfa/${created.id}?rpOrigin=https://evil.example.com`, { employee_id: who.employeeId, label: "x" }, 403, 1638539680, "Invalid rpOrigin"],
        [`/mfa/${created.id}`, { employee_id: who.employeeId, label: 7 }, 400, 0, "label must be a string"],
        [`/mfa/abc`, { employee_id: who.employeeId, label: "x" }, 404, 0, ""],
        [`/mfa/99999999999`, { employee_id: who.employeeId, label: "x" }, 404, 0, ""],
      ];
      for (const [path, body, status, code, message] of cases) {
        const before = await footprint(server);
        const res = await broker.put(path, body);
        expect([path, res.status]).toEqual([path, status]);
        if (status === 403) raml.expectType("Error", res.body);
        else raml.expectResponse("put", "/mfa/{id}", status, res.body);
        expect(res.body).toMatchObject({ code, message });
        expect(await footprint(server)).toEqual(before);
      }
      expect((await listOf(who))[0]!.label).toBe("Printable Codes");
    });
  });

  describe("DELETE /mfa/{id}", () => {
    it("deletes with the codes, mailing option-removed while one is left and disabled after the last", async () => {
      const who = await createEmployee(server);
      const codes = await create(who, { type: "backupcode" });
      const totp = await create(who, { type: "totp" });
      await broker.post(`/mfa/${totp.body.id}/verify`, { employee_id: who.employeeId, value: await totpAt(totp.body.data.totpKey, clock) });
      expect(await subjectsTo(server, who.email)).toEqual(["A 2-Step Verification option was added", "2-Step Verification is on"]);

      const first = await broker.delete(`/mfa/${codes.body.id}`, { employee_id: who.employeeId });
      expect(first.status).toBe(204);
      expect(first.body).toBeUndefined();
      raml.expectResponse("delete", "/mfa/{id}", 204, first.body);
      expect(await server.database.db.select().from(tables.mfaCodes).where(eq(tables.mfaCodes.mfaId, codes.body.id))).toEqual([]);
      expect(await subjectsTo(server, who.email)).toContain("A 2-Step Verification option was removed");

      const last = await broker.delete(`/mfa/${totp.body.id}`, { employee_id: who.employeeId });
      expect(last.status).toBe(204);
      expect(await listOf(who)).toEqual([]);
      expect(await subjectsTo(server, who.email)).toContain("2-Step Verification is off");
    });

    it("moves a password's grace period a week out when the last factor goes", async () => {
      const who = await createEmployee(server);
      await server.gql(`mutation($id: ID!) { setPassword(userId: $id, password: "a long enough passphrase 42") }`, { id: who.id });
      const [password] = await server.database.db.select().from(tables.passwords).where(eq(tables.passwords.userId, who.id));
      const { body: created } = await create(who, { type: "backupcode" });
      clock.set(new Date(password!.graceEndsAt!.getTime() - 2 * DAY));
      try {
        const res = await broker.delete(`/mfa/${created.id}`, { employee_id: who.employeeId });
        expect(res.status).toBe(204);
        const [after] = await server.database.db.select().from(tables.passwords).where(eq(tables.passwords.userId, who.id));
        expect(after!.graceEndsAt!.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() + 7 * DAY - 1000);
      } finally {
        clock.set(new Date("2030-03-01T10:00:00Z"));
      }
    });

    it("answers 400, 404 and changes nothing for a wrong employee or MFA", async () => {
      const who = await createEmployee(server);
      const other = await createEmployee(server);
      const { body: created } = await create(who, { type: "backupcode" });
      const before = await footprint(server);
      const missing = await broker.delete(`/mfa/${created.id}`, {});
      expect(missing.status).toBe(400);
      raml.expectResponse("delete", "/mfa/{id}", 400, missing.body);
      const unknown = await broker.delete(`/mfa/${created.id}`, { employee_id: "nobody_here" });
      expect(unknown.body).toMatchObject({ status: 400, code: 1543934333 });
      const foreign = await broker.delete(`/mfa/${created.id}`, { employee_id: other.employeeId });
      expect(foreign.status).toBe(404);
      raml.expectResponse("delete", "/mfa/{id}", 404, foreign.body);
      expect(foreign.body.code).toBe(1506697614);
      const noBody = await broker.delete(`/mfa/${created.id}`);
      expect(noBody.status).toBe(400);
      expect(await footprint(server)).toEqual(before);
    });
  });
});
