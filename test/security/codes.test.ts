import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { LOGIN_CODE_MAX_ATTEMPTS } from "#src/services/device-sessions/index.js";
import { lastLoginCode, newDeviceKey } from "#test/support/device-client.js";
import { brokerClient, type BrokerClient } from "#test/support/id-broker/broker-client.js";
import { codeSentTo, createEmployee, startMfaServer } from "#test/support/id-broker/mfa-fixtures.js";
import type { TestServer } from "#test/support/server.js";

/** More guesses than any cap, sent at once: on PostgreSQL they really run side by side. */
const PARALLEL = 16;
const root = new URL("../../", import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

const count = (values: unknown[], value: unknown) => values.filter((v) => v === value).length;

/** SECURITY.md, Codes: every code the server issues is random from node:crypto, stored hashed or sealed, used once, and capped under concurrent guesses. */
describe("codes", () => {
  it("come from node:crypto: no Math.random in the server but the retry jitter", () => {
    const users = [...sources("src"), ...sources("compat")].filter((file) => /Math\.random\s*\(/.test(readFileSync(file, "utf8")));
    expect(users.map((file) => relative(root, file))).toEqual(["src/db/retry.ts"]);
    const generators = {
      "src/services/mfa/codes.ts": /randomInt\(/,
      "src/services/recovery-methods/codes.ts": /randomInt\(/,
      "src/services/device-sessions/login-code.ts": /randomInt\(/,
      "src/services/invites/invite.service.ts": /randomUUID\(/,
      "src/services/passkeys/passphrase.ts": /randomInt\(/,
    };
    for (const [file, call] of Object.entries(generators)) {
      const text = readFileSync(join(root, file), "utf8");
      expect(text, file).toMatch(/from "node:crypto"/);
      expect(text, file).toMatch(call);
    }
  });

  describe("over the wire", () => {
    const clock = new ManualClock(new Date("2034-03-01T10:00:00Z"));
    let server: TestServer;
    let broker: BrokerClient;
    beforeAll(async () => {
      server = await startMfaServer(clock);
      broker = brokerClient(server);
    });
    afterAll(() => server?.stop());

    describe("device login codes", () => {
      const START = `mutation($email: String!) { startDeviceLogin(email: $email) { challengeId } }`;
      const COMPLETE = `mutation($c: ID!, $code: String!, $k: String!) { completeDeviceLogin(challengeId: $c, code: $code, clientPublicKey: $k) { deviceSessionId } }`;
      const started = async () => {
        const who = await createEmployee(server);
        const res = await server.gql(START, { email: who.email }, null);
        const challengeId = res.data!.startDeviceLogin.challengeId as string;
        return { challengeId, code: await lastLoginCode(server, who.email) };
      };
      const complete = async (challengeId: string, code: string) => {
        const res = await server.gql(COMPLETE, { c: challengeId, code, k: newDeviceKey().publicKeyBase64 }, null);
        return res.errors?.[0]?.extensions?.code ?? "OK";
      };

      it("are stored as a hash only", async () => {
        const { challengeId, code } = await started();
        const [row] = await server.database.db.select().from(tables.deviceLoginChallenges).where(eq(tables.deviceLoginChallenges.id, challengeId));
        expect(JSON.stringify(row)).not.toContain(`"${code}"`);
        expect(row!.codeHash).not.toContain(code);
      });

      it(`${PARALLEL} parallel wrong guesses: no more than ${LOGIN_CODE_MAX_ATTEMPTS} are checked, and then the right code is refused too`, async () => {
        const { challengeId, code } = await started();
        const wrong = code === "000000" ? "111111" : "000000";
        const answers = await Promise.all(Array.from({ length: PARALLEL }, () => complete(challengeId, wrong)));
        expect(count(answers, "INVALID_LOGIN_CODE")).toBe(LOGIN_CODE_MAX_ATTEMPTS);
        expect(count(answers, "LOGIN_ATTEMPTS_EXCEEDED")).toBe(PARALLEL - LOGIN_CODE_MAX_ATTEMPTS);
        expect(await complete(challengeId, code)).toBe("LOGIN_ATTEMPTS_EXCEEDED");
      });

      it("the right code sent twice at once opens one session", async () => {
        const { challengeId, code } = await started();
        const answers = await Promise.all([complete(challengeId, code), complete(challengeId, code)]);
        expect(answers.sort()).toEqual(["INVALID_LOGIN_CODE", "OK"]);
      });
    });

    describe("MFA backup codes", () => {
      const backupCodes = async () => {
        const who = await createEmployee(server);
        const res = await broker.post("/mfa", { employee_id: who.employeeId, type: "backupcode" });
        expect(res.status).toBe(200);
        return { who, id: res.body.id as number, codes: res.body.data as string[] };
      };
      const verify = async (employeeId: string, id: number, value: string) => (await broker.post(`/mfa/${id}/verify`, { employee_id: employeeId, value })).status;

      it("are stored as keyed hashes only", async () => {
        const { id, codes } = await backupCodes();
        const rows = await server.database.db.select().from(tables.mfaCodes).where(eq(tables.mfaCodes.mfaId, id));
        expect(rows).toHaveLength(codes.length);
        for (const row of rows) for (const code of codes) expect(row.codeHash).not.toContain(code);
      });

      it(`${PARALLEL} parallel wrong guesses: no more than five are checked, the rest are 429, and so is the right code then`, async () => {
        const { who, id, codes } = await backupCodes();
        const wrong = ["12345678", "87654321"].find((c) => !codes.includes(c))!;
        const statuses = await Promise.all(Array.from({ length: PARALLEL }, () => verify(who.employeeId, id, wrong)));
        expect(count(statuses, 400)).toBe(5);
        expect(count(statuses, 429)).toBe(PARALLEL - 5);
        expect(await verify(who.employeeId, id, codes[0]!)).toBe(429);
      });

      it("one code used twice at once passes once", async () => {
        const { who, id, codes } = await backupCodes();
        const statuses = await Promise.all([verify(who.employeeId, id, codes[0]!), verify(who.employeeId, id, codes[0]!)]);
        expect(statuses.sort()).toEqual([200, 400]);
        expect(await verify(who.employeeId, id, codes[0]!)).toBe(400);
      });
    });

    describe("recovery-method codes", () => {
      const added = async () => {
        const who = await createEmployee(server);
        const value = `method-${who.employeeId.toLowerCase()}@example.net`;
        const res = await broker.post("/method", { employee_id: who.employeeId, value });
        expect(res.status).toBe(200);
        return { uid: res.body.id as string, code: await codeSentTo(server, value, 6) };
      };
      const verify = async (uid: string, code: string) => (await broker.put(`/method/${uid}/verify`, { code })).status;

      it("are sealed, never stored in clear", async () => {
        const { uid, code } = await added();
        const [row] = await server.database.db.select().from(tables.recoveryMethods).where(eq(tables.recoveryMethods.uid, uid));
        expect(row!.codeSealed).toEqual(expect.any(String));
        expect(row!.codeSealed).not.toContain(code);
      });

      it(`${PARALLEL} parallel wrong guesses spend no more than the nine attempts a send leaves; then the right code is refused`, async () => {
        const { uid, code } = await added();
        const wrong = code === "000000" ? "111111" : "000000";
        const statuses = await Promise.all(Array.from({ length: PARALLEL }, () => verify(uid, wrong)));
        expect(count(statuses, 400)).toBe(9);
        expect(count(statuses, 429)).toBe(PARALLEL - 9);
        expect(await verify(uid, code)).toBe(429);
        const [row] = await server.database.db.select().from(tables.recoveryMethods).where(eq(tables.recoveryMethods.uid, uid));
        expect(row!.verified).toBe(false);
      });

      it("the right code sent twice at once verifies the method once, and the code is gone", async () => {
        const { uid, code } = await added();
        const statuses = await Promise.all([verify(uid, code), verify(uid, code)]);
        expect(statuses).toEqual([200, 200]);
        const [row] = await server.database.db.select().from(tables.recoveryMethods).where(eq(tables.recoveryMethods.uid, uid));
        expect(row).toMatchObject({ verified: true, codeSealed: null, codeHash: null });
        const audits = await server.gql(`query($u: String) { auditEvents(subjectId: $u, action: "recovery_method.verify", first: 50) { action } }`, { u: row!.userId });
        expect(audits.errors).toBeUndefined();
        expect(audits.data!.auditEvents).toHaveLength(1);
      });
    });
  });
});
