import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { auditOf, type BrokerClient, brokerSuite, latestMessageTo, messagesTo, newUserBody, RP_ORIGIN, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const START = new Date("2026-06-01T12:00:00.000Z");
const DAY = 86_400_000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;
const PASSWORD = "Heron-Lantern-91";
const badRequest = { name: "Bad Request", message: "", code: 0, status: 400 };
const gone = { name: "Gone", message: "", code: 0, status: 410 };

describe("ID Broker authentication", () => {
  const clock = new ManualClock(START);
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startBrokerServer({ clock }))));
  afterAll(() => server?.stop());

  /** Each clock change is undone after its test. */
  const at = async <T>(when: Date, fn: () => Promise<T>): Promise<T> => {
    clock.set(when);
    try {
      return await fn();
    } finally {
      clock.set(START);
    }
  };

  const newUser = async (overrides: Record<string, unknown> = {}, password: string | null = PASSWORD) => {
    const body = newUserBody(overrides);
    const res = await broker.post("/user", body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (password) expect((await broker.put(`/user/${body.employee_id}/password`, { password })).status).toBe(200);
    return { ...body, uuid: res.body.uuid as string } as Record<string, any>;
  };
  const login = (body: unknown, query = "") => broker.post(`/authentication${query}`, body);
  const inviteCodeOf = async (address: string) => (await latestMessageTo(server, address))!.text.match(UUID)![0];

  describe("with a password", () => {
    it("signs in by username or by e-mail, in any case, and answers the user", async () => {
      const user = await newUser();
      for (const username of [user.username, user.email.toUpperCase()]) {
        const res = await login({ username, password: PASSWORD });
        expect(res.status).toBe(200);
        raml.expectResponse("post", "/authentication", 200, res.body);
        expect(res.body).toMatchObject({
          uuid: user.uuid,
          employee_id: user.employee_id,
          last_login_utc: null,
          mfa: { prompt: "no", add: "no", active: "no", options: [] },
          method: { add: "no", options: [] },
          profile_review: "no",
          password: { expires_on: "2027-06-01T23:59:59Z" },
        });
      }
    });

    it("answers every refusal with the same 400, whatever the reason", async () => {
      const plain = await newUser();
      const noPassword = await newUser({}, null);
      const inactive = await newUser({ active: "no" });
      const locked = await newUser({ locked: "yes" });
      const blockedById = await newUser();
      const blockedByEmail = await newUser();
      const block = (input: Record<string, unknown>) =>
        server.gql(`mutation($i: BlockSubjectInput!) { blockSubject(input: $i) { outcome } }`, { i: { ...input, reasonCode: "abuse", actor: { type: "admin", id: "t" } } });
      await block({ userId: blockedById.uuid });
      await block({ email: blockedByEmail.email.toUpperCase() });
      const attempts: [string, unknown][] = [
        ["an unknown user", { username: "nobody_at_all", password: PASSWORD }],
        ["a wrong password", { username: plain.username, password: `${PASSWORD}x` }],
        ["an empty password", { username: plain.username, password: "" }],
        ["no password field", { username: plain.username }],
        ["nothing", {}],
        ["a user without a password", { username: noPassword.username, password: "" }],
        ["an inactive user", { username: inactive.username, password: PASSWORD }],
        ["a locked user", { username: locked.username, password: PASSWORD }],
        ["a user blocked by id", { username: blockedById.username, password: PASSWORD }],
        ["a user blocked by e-mail", { username: blockedByEmail.username, password: PASSWORD }],
        ["a password in place of the username", { username: PASSWORD, password: PASSWORD }],
        ["an over-long username", { username: "u".repeat(300), password: PASSWORD }],
      ];
      for (const [what, body] of attempts) {
        const res = await login(body);
        expect(res.status, what).toBe(400);
        expect(res.body, what).toEqual(badRequest);
        raml.expectResponse("post", "/authentication", 400, res.body);
      }
    });

    it("accepts an expired password through its grace period and refuses it after", async () => {
      const user = await newUser();
      const credentials = { username: user.username, password: PASSWORD };
      const expiry = new Date("2027-06-01T23:59:59Z").getTime();
      expect((await at(new Date(expiry + DAY), () => login(credentials))).status).toBe(200);
      expect((await at(new Date(expiry + 30 * DAY), () => login(credentials))).status).toBe(200);
      expect((await at(new Date(expiry + 30 * DAY + 1000), () => login(credentials))).body).toEqual(badRequest);
    });

    it("keeps a password valid four years longer while the user has a verified second factor", async () => {
      const user = await newUser();
      expect((await broker.post("/mfa", { employee_id: user.employee_id, type: "backupcode" })).status).toBe(200);
      const later = new Date("2029-01-01T00:00:00Z");
      expect((await at(later, () => login({ username: user.username, password: PASSWORD }))).status).toBe(200);
    });

    it("refuses a contingent account past its expiry", async () => {
      const user = await newUser({ email: undefined, personal_email: `contingent.${Date.now()}@example.net` });
      const credentials = { username: user.username, password: PASSWORD };
      expect((await login(credentials)).status).toBe(200);
      expect((await at(new Date(START.getTime() + 29 * DAY), () => login(credentials))).body).toEqual(badRequest);
    });

    it("does not change last_login_utc (update-last-login does)", async () => {
      const user = await newUser();
      await login({ username: user.username, password: PASSWORD });
      expect((await broker.get(`/user/${user.employee_id}`)).body.last_login_utc).toBeNull();
    });
  });

  describe("rpOrigin", () => {
    it("refuses an origin outside RP_ORIGINS with 403 before looking at the credentials", async () => {
      const user = await newUser();
      for (const body of [{ username: user.username, password: PASSWORD }, { username: "nobody", password: "x" }]) {
        const res = await login(body, `?rpOrigin=${encodeURIComponent("https://evil.example")}`);
        expect(res.status).toBe(403);
        expect(res.body).toEqual({
          name: "Forbidden",
          message: `Invalid rpOrigin. Received https://evil.example authorized array (${RP_ORIGIN})`,
          code: 1639169238,
          status: 403,
        });
        raml.expectResponse("post", "/authentication", 403, res.body);
      }
      const allowed = await login({ username: user.username, password: PASSWORD }, `?rpOrigin=${encodeURIComponent(RP_ORIGIN)}`);
      expect(allowed.status).toBe(200);
    });
  });

  describe("the mfa block", () => {
    it("prompts when require_mfa is set, and when a verified second factor exists, listing its login data", async () => {
      const required = await newUser({ require_mfa: "yes" });
      const prompted = await login({ username: required.username, password: PASSWORD });
      expect(prompted.body.mfa).toEqual({ prompt: "yes", add: "no", active: "no", options: [] });

      const withCodes = await newUser();
      const mfa = await broker.post("/mfa", { employee_id: withCodes.employee_id, type: "backupcode" });
      const res = await login({ username: withCodes.username, password: PASSWORD }, `?rpOrigin=${encodeURIComponent(RP_ORIGIN)}`);
      raml.expectResponse("post", "/authentication", 200, res.body);
      expect(res.body.mfa).toEqual({
        prompt: "yes",
        add: "no",
        active: "yes",
        options: [{ id: mfa.body.id, type: "backupcode", label: expect.any(String), created_utc: "2026-06-01T12:00:00Z", last_used_utc: null, data: { count: 10 } }],
      });
    });
  });

  describe("with an invite", () => {
    it("signs a user without a password in, without an MFA prompt, until a password is set", async () => {
      const user = await newUser({ require_mfa: "yes" }, null);
      const code = await inviteCodeOf(user.email);
      const res = await login({ invite: code, username: "ignored", password: "ignored" });
      expect(res.status).toBe(200);
      raml.expectResponse("post", "/authentication", 200, res.body);
      expect(res.body).toMatchObject({ uuid: user.uuid, mfa: { prompt: "no" } });
      expect(res.body.password).toBeUndefined();
      await broker.put(`/user/${user.employee_id}/password`, { password: PASSWORD });
      expect((await login({ invite: code })).body).toEqual(badRequest);
    });

    it("refuses an unknown code, and the code of an inactive or locked user, with the same 400", async () => {
      expect((await login({ invite: "726fa32e-015d-46fb-ba5c-a579b4a4dcbf" })).body).toEqual(badRequest);
      expect((await login({ invite: "not a code" })).body).toEqual(badRequest);
      for (const change of [{ active: "no" }, { locked: "yes" }]) {
        const user = await newUser({}, null);
        const code = await inviteCodeOf(user.email);
        await broker.put(`/user/${user.employee_id}`, change);
        expect((await login({ invite: code })).body).toEqual(badRequest);
      }
    });

    it("answers 410 for an expired code, renews it and e-mails the new one; the old code is dead", async () => {
      const user = await newUser({}, null);
      const code = await inviteCodeOf(user.email);
      const expired = new Date("2026-07-01T00:00:01Z");
      const res = await at(expired, () => login({ invite: code }));
      expect(res.status).toBe(410);
      expect(res.body).toEqual(gone);
      raml.expectResponse("post", "/authentication", 410, res.body);
      const renewed = await inviteCodeOf(user.email);
      expect(renewed).not.toBe(code);
      const invite = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { invite { expiresAt } } }`, { e: user.employee_id });
      expect(invite.data!.userByEmployeeId.invite.expiresAt).toBe("2026-08-01T00:00:00.000Z");
      expect((await at(expired, () => login({ invite: code }))).body).toEqual(badRequest);
      expect((await at(expired, () => login({ invite: renewed }))).status).toBe(200);
      expect((await auditOf(server, user.uuid)).filter((e) => e.action === "user.invite.issue")).toHaveLength(2);
    });

    it("renews an expired code once when it is used several times at once", async () => {
      const user = await newUser({}, null);
      const code = await inviteCodeOf(user.email);
      const before = (await messagesTo(server, user.email)).length;
      const results = await at(new Date("2026-07-02T00:00:00Z"), () => Promise.all(Array.from({ length: 5 }, () => login({ invite: code }))));
      expect(results.map((r) => r.status).sort()).toEqual([400, 400, 400, 400, 410]);
      expect(await messagesTo(server, user.email)).toHaveLength(before + 1);
    });
  });

  describe("nags", () => {
    it("shows add_mfa once per interval: the answer has it, the next login does not, thirty days on it is back", async () => {
      const user = await newUser();
      const credentials = { username: user.username, password: PASSWORD };
      expect((await login(credentials)).body.mfa.add).toBe("no");
      const due = new Date("2026-07-02T00:00:01Z");
      const first = await at(due, () => login(credentials));
      expect(first.body).toMatchObject({ mfa: { add: "yes" }, method: { add: "no" }, profile_review: "no" });
      expect((await at(due, () => login(credentials))).body.mfa.add).toBe("no");
      expect((await at(new Date(due.getTime() + 31 * DAY), () => login(credentials))).body.mfa.add).toBe("yes");
      expect((await auditOf(server, user.uuid)).filter((e) => e.action === "user.nag.shown")).toHaveLength(2);
    });

    it("shows add_method when a second factor exists but no recovery method", async () => {
      const user = await newUser({ nag_for_method_after: "2026-01-01" });
      const credentials = { username: user.username, password: PASSWORD };
      // With no second factor either, add_mfa would come first once due; here it is not due yet.
      const res = await login(credentials);
      expect(res.body).toMatchObject({ mfa: { add: "no" }, method: { add: "yes", options: [] }, profile_review: "no" });
      expect((await login(credentials)).body.method.add).toBe("no");
    });

    it("shows a profile review with the recovery methods listed plainly, once", async () => {
      const user = await newUser({ review_profile_after: "2026-05-01", personal_email: "review.me_now@example.net" });
      const credentials = { username: user.username, password: PASSWORD };
      const res = await login(credentials);
      raml.expectResponse("post", "/authentication", 200, res.body);
      expect(res.body.profile_review).toBe("yes");
      expect(res.body.method.options).toEqual([{ id: expect.stringMatching(/^[\w-]{32}$/), value: "review.me_now@example.net", verified: true, created: "2026-06-01T12:00:00Z" }]);
      const again = await login(credentials);
      expect(again.body).toMatchObject({ profile_review: "no", method: { options: [] } });
    });

    it("pushes a nag out once when several logins show it at the same time", async () => {
      const user = await newUser({ nag_for_mfa_after: "2026-05-01" });
      const results = await Promise.all(Array.from({ length: 4 }, () => login({ username: user.username, password: PASSWORD })));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect((await auditOf(server, user.uuid)).filter((e) => e.action === "user.nag.shown")).toHaveLength(1);
      const graph = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { nagForMfaAfter nag } }`, { e: user.employee_id });
      expect(graph.data!.userByEmployeeId).toEqual({ nagForMfaAfter: "2026-07-01T00:00:00.000Z", nag: "NONE" });
    });
  });

  describe("bad requests", () => {
    it("answers a body that is not a JSON object, or credentials that are not text, with 400 and a message", async () => {
      const cases = [
        broker.call("POST", "/authentication", undefined, { raw: { body: "username=a&password=b", type: "application/x-www-form-urlencoded" } }),
        broker.post("/authentication", ["username"]),
        broker.post("/authentication"),
        broker.post("/authentication", { username: { $ne: null }, password: "x" }),
        broker.post("/authentication", { invite: ["a"] }),
      ];
      for (const res of await Promise.all(cases)) {
        expect(res.status).toBe(400);
        raml.expectType("Error", res.body);
        expect(res.body.message).not.toBe("");
      }
    });
  });

  describe("through GraphQL", () => {
    it("returns the outcome and the nag, and needs the id-broker scope", async () => {
      const user = await newUser({ review_profile_after: "2026-05-01" });
      const query = `mutation($i: AuthenticateInput!) { authenticate(input: $i) { outcome nag user { id } } }`;
      const ok = await server.gql(query, { i: { username: user.username, password: PASSWORD } });
      expect(ok.data!.authenticate).toEqual({ outcome: "AUTHENTICATED", nag: "PROFILE_REVIEW", user: { id: user.uuid } });
      const bad = await server.gql(query, { i: { username: user.username, password: "nope" } });
      expect(bad.data!.authenticate).toEqual({ outcome: "INVALID_CREDENTIALS", nag: null, user: null });
      const key = await server.gql(`mutation { createApiKey(input: {name: "w", scopes: ["users:write"]}) { token } }`);
      const refused = await server.gql(query, { i: { username: user.username, password: PASSWORD } }, key.data!.createApiKey.token);
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });
});
