import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { extendGraceIfNeeded } from "#src/services/passwords/index.js";
import type { TestServer } from "#test/support/server.js";
import { auditOf, type BrokerClient, brokerClient, brokerSuite, messagesTo, newUserBody, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const START = new Date("2026-05-04T09:00:00.000Z");
const DAY = 86_400_000;
const reusedBody = { name: "Conflict", message: "May not be reused yet", code: 1542395933, status: 409 };
const unprocessable = (message: string) => ({ name: "Unprocessable entity", message, code: 0, status: 422 });

describe("ID Broker passwords", () => {
  const clock = new ManualClock(START);
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startBrokerServer({ clock }))));
  afterAll(() => server?.stop());

  const newUser = async () => {
    const body = newUserBody();
    const res = await broker.post("/user", body);
    expect(res.status).toBe(200);
    return { employeeId: body.employee_id as string, email: body.email as string, uuid: res.body.uuid as string };
  };
  const setPassword = (employeeId: string, password: unknown) => broker.put(`/user/${employeeId}/password`, { password });
  const assess = (employeeId: string, password: unknown) => broker.put(`/user/${employeeId}/password/assess`, { password });
  const historyOf = async (userId: string) => {
    const [row] = await server.database.db.select({ n: count() }).from(tables.passwords).where(eq(tables.passwords.userId, userId));
    return row!.n;
  };

  describe("PUT /user/{employee_id}/password", () => {
    it("stores an argon2id hash and answers the user with the password's dates", async () => {
      const user = await newUser();
      const res = await setPassword(user.employeeId, "Plinth-Marmot-42");
      expect(res.status).toBe(200);
      raml.expectResponse("put", "/user/{employee_id}/password", 200, res.body);
      expect(res.body).toMatchObject({ uuid: user.uuid, password: { created_utc: "2026-05-04T09:00:00Z", expires_on: "2027-05-04T23:59:59Z" } });
      const [row] = await server.database.db.select().from(tables.passwords).where(eq(tables.passwords.userId, user.uuid));
      expect(row!.hash).toMatch(/^\$argon2id\$/);
      expect(row!.graceEndsAt?.toISOString()).toBe("2027-06-03T23:59:59.000Z");
      const [event] = (await auditOf(server, user.uuid)).filter((e) => e.action === "user.password.set");
      expect(JSON.stringify(event)).not.toContain("Plinth-Marmot-42");
    });

    it("e-mails a welcome for the first password and a notice for each change after", async () => {
      const user = await newUser();
      await setPassword(user.employeeId, "Plinth-Marmot-43");
      expect((await messagesTo(server, user.email))[0]?.subject).toMatch(/welcome/i);
      await setPassword(user.employeeId, "Plinth-Marmot-44");
      const [latest, previous] = await messagesTo(server, user.email);
      expect(latest?.subject).toMatch(/password was changed/i);
      expect(previous?.subject).toMatch(/welcome/i);
    });

    it("answers 204 with no body for an unknown user, the route's 404 for an odd id, 400 for a body that is not an object", async () => {
      const unknown = await setPassword("nobody_pw_1", "Plinth-Marmot-45");
      expect(unknown.status).toBe(204);
      expect(unknown.body).toBeUndefined();
      raml.expectResponse("put", "/user/{employee_id}/password", 204, unknown.body);
      expect((await setPassword("a.b", "Plinth-Marmot-45")).status).toBe(404);
      const user = await newUser();
      const res = await broker.call("PUT", `/user/${user.employeeId}/password`, undefined, { raw: { body: "password=x", type: "application/x-www-form-urlencoded" } });
      expect(res.status).toBe(400);
      raml.expectType("Error", res.body);
      expect(await historyOf(user.uuid)).toBe(0);
    });

    it("answers 422 for a blank, missing, non-text, short or common password, and saves nothing", async () => {
      const user = await newUser();
      const cases: [unknown, string][] = [
        ["", "Password cannot be blank."],
        [null, "Password cannot be blank."],
        [undefined, "Password cannot be blank."],
        [12345678, "Password must be a string."],
        [["a"], "Password must be a string."],
        ["Short1!", "password must be at least 8 characters"],
        ["x".repeat(1025), "password must be at most 1024 characters"],
        ["Password123", "password is too common: choose one that is harder to guess"],
        ["iloveyou", "password is too common: choose one that is harder to guess"],
      ];
      for (const [password, message] of cases) {
        const res = await setPassword(user.employeeId, password);
        expect(res.status, String(password)).toBe(422);
        expect(res.body).toEqual(unprocessable(message));
        raml.expectResponse("put", "/user/{employee_id}/password", 422, res.body);
      }
      expect(await historyOf(user.uuid)).toBe(0);
      expect(await messagesTo(server, user.email)).toHaveLength(1); // the invite only
    });

    it(
      "refuses the current password and each of the last ten with 409; the eleventh back may be used again",
      async () => {
        const user = await newUser();
        const passwords = Array.from({ length: 11 }, (_, i) => `Quokka-Ledger-${i}`);
        for (const password of passwords) expect((await setPassword(user.employeeId, password)).status).toBe(200);
        for (const password of [passwords[10], passwords[1]]) {
          const res = await setPassword(user.employeeId, password);
          expect(res.status).toBe(409);
          expect(res.body).toEqual(reusedBody);
          raml.expectResponse("put", "/user/{employee_id}/password", 409, res.body);
        }
        expect(await historyOf(user.uuid)).toBe(11);
        expect((await setPassword(user.employeeId, passwords[0])).status).toBe(200);
        expect(await historyOf(user.uuid)).toBe(12);
      },
      120_000,
    );

    it("lets one of several concurrent requests with the same new password through; the others are reuse", async () => {
      const user = await newUser();
      const results = await Promise.all(Array.from({ length: 4 }, () => setPassword(user.employeeId, "Wombat-Cascade-7")));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      expect(await historyOf(user.uuid)).toBe(1);
    });

    it("pushes expires_on four years out, at read time, while the user has a verified second factor", async () => {
      const user = await newUser();
      await setPassword(user.employeeId, "Plinth-Marmot-46");
      const mfa = await broker.post("/mfa", { employee_id: user.employeeId, type: "backupcode" });
      expect(mfa.status).toBe(200);
      const withMfa = await broker.get(`/user/${user.employeeId}`);
      expect(withMfa.body.password).toEqual({ created_utc: "2026-05-04T09:00:00Z", expires_on: "2031-05-04T23:59:59Z" });
      expect((await broker.delete(`/mfa/${mfa.body.id}`, { employee_id: user.employeeId })).status).toBe(204);
      expect((await broker.get(`/user/${user.employeeId}`)).body.password.expires_on).toBe("2027-05-04T23:59:59Z");
    });
  });

  describe("PUT /user/{employee_id}/password/assess", () => {
    it("answers 204 for an acceptable password and saves nothing", async () => {
      const user = await newUser();
      const res = await assess(user.employeeId, "Plinth-Marmot-47");
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      raml.expectResponse("put", "/user/{employee_id}/password/assess", 204, res.body);
      expect(await historyOf(user.uuid)).toBe(0);
      expect(await messagesTo(server, user.email)).toHaveLength(1);
    });

    it("answers 409 for a recent password, 422 for one the policy refuses, 404 for an unknown user", async () => {
      const user = await newUser();
      await setPassword(user.employeeId, "Plinth-Marmot-48");
      const reused = await assess(user.employeeId, "Plinth-Marmot-48");
      expect(reused.status).toBe(409);
      expect(reused.body).toEqual(reusedBody);
      raml.expectResponse("put", "/user/{employee_id}/password/assess", 409, reused.body);
      for (const [password, message] of [["", "Password cannot be blank."], ["abc", "password must be at least 8 characters"], [7, "Password must be a string."]] as const) {
        const res = await assess(user.employeeId, password);
        expect(res.status).toBe(422);
        expect(res.body).toEqual(unprocessable(message));
        raml.expectResponse("put", "/user/{employee_id}/password/assess", 422, res.body);
      }
      const unknown = await assess("nobody_pw_2", "Plinth-Marmot-49");
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ name: "Not Found", message: "User not found", code: 0, status: 404 });
      raml.expectResponse("put", "/user/{employee_id}/password/assess", 404, unknown.body);
      expect((await assess("a-b", "Plinth-Marmot-49")).body).toEqual({ name: "Not Found", message: "", code: 0, status: 404 });
      expect(await historyOf(user.uuid)).toBe(1);
    });

    it("is the graph's assessPassword too", async () => {
      const user = await newUser();
      await setPassword(user.employeeId, "Plinth-Marmot-50");
      const ok = await server.gql(`mutation($id: ID!) { assessPassword(userId: $id, password: "Plinth-Marmot-51") }`, { id: user.uuid });
      expect(ok.data).toEqual({ assessPassword: true });
      const reused = await server.gql(`mutation($id: ID!) { assessPassword(userId: $id, password: "Plinth-Marmot-50") }`, { id: user.uuid });
      expect(reused.errors?.[0]?.extensions?.code).toBe("PASSWORD_REUSED");
    });
  });

  describe("grace after the last second factor goes", () => {
    it("moves a grace period that ends within a week to a week from now, and leaves a later one alone", async () => {
      const user = await newUser();
      await setPassword(user.employeeId, "Plinth-Marmot-52");
      const graceOf = async () => {
        const [row] = await server.database.db.select().from(tables.passwords).where(eq(tables.passwords.userId, user.uuid));
        return row!.graceEndsAt!;
      };
      const stored = await graceOf();
      const early = new Date(stored.getTime() - 20 * DAY);
      await server.database.db.transaction((tx) => extendGraceIfNeeded(tx, user.uuid, early));
      expect(await graceOf()).toEqual(stored);
      const late = new Date(stored.getTime() - 3 * DAY);
      await server.database.db.transaction((tx) => extendGraceIfNeeded(tx, user.uuid, late));
      expect((await graceOf()).getTime()).toBe(late.getTime() + 7 * DAY);
      expect((await auditOf(server, user.uuid))[0]).toMatchObject({ action: "user.password.grace_extended", actorType: "system" });
    });
  });
});

describe("the password policy is configurable and one rule for REST and GraphQL", () => {
  it("applies PASSWORD_MIN_LENGTH and PASSWORD_REJECT_COMMON to both", async () => {
    const server = await startBrokerServer({ env: { PASSWORD_MIN_LENGTH: "12", PASSWORD_REJECT_COMMON: "false" } });
    try {
      const broker = brokerClient(server);
      const body = newUserBody();
      const created = await broker.post("/user", body);
      const short = await broker.put(`/user/${body.employee_id}/password`, { password: "Elevenchars" });
      expect(short.body).toEqual(unprocessable("password must be at least 12 characters"));
      const graphShort = await server.gql(`mutation($id: ID!) { setPassword(userId: $id, password: "Elevenchars") }`, { id: created.body.uuid });
      expect(graphShort.errors?.[0]).toMatchObject({ message: "password must be at least 12 characters", extensions: { code: "BAD_USER_INPUT", field: "password" } });
      // Common, but the list is switched off here.
      expect((await broker.put(`/user/${body.employee_id}/password`, { password: "password1234" })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it("refuses a common password through GraphQL as through REST by default", async () => {
    const server = await startBrokerServer();
    try {
      const created = await server.gql(`mutation { createUser(input: {username: "policy_graph_1"}) { id } }`);
      const res = await server.gql(`mutation($id: ID!) { setPassword(userId: $id, password: "qwerty123") }`, { id: created.data!.createUser.id });
      expect(res.errors?.[0]).toMatchObject({ message: "password is too common: choose one that is harder to guess", extensions: { code: "BAD_USER_INPUT" } });
    } finally {
      await server.stop();
    }
  });
});
