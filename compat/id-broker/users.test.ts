import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { auditOf, type BrokerClient, brokerSuite, latestMessageTo, messagesTo, newUserBody, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const START = new Date("2026-03-10T10:20:30.456Z");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;
/** A random UUID (version 4, RFC 4122 variant), as the deployed broker makes a user's uuid. */
const UUID_V4 = new RegExp(`^${UUID.source}$`);
/** The RAML's default `fields` of GET /user, in the order of the user JSON. */
const DEFAULT_FIELDS = ["uuid", "employee_id", "first_name", "last_name", "display_name", "username", "email", "active", "locked", "password"];
const notFoundBody = { name: "Not Found", message: "", code: 0, status: 404 };
const unprocessable = (message: string) => ({ name: "Unprocessable entity", message, code: 0, status: 422 });

describe("ID Broker users", () => {
  const clock = new ManualClock(START);
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startBrokerServer({ clock }))));
  afterAll(() => server?.stop());

  const create = async (overrides: Record<string, unknown> = {}) => {
    const body = newUserBody(overrides);
    const res = await broker.post("/user", body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { body, user: res.body };
  };
  const read = (employeeId: string, query = "") => broker.get(`/user/${employeeId}${query}`);

  describe("POST /user", () => {
    it("creates a user with the deployed defaults and the full user JSON", async () => {
      const { body, user } = await create({ display_name: "", manager_email: "boss@example.org" });
      raml.expectResponse("post", "/user", 200, user);
      expect(user).toEqual({
        uuid: expect.stringMatching(UUID_V4),
        employee_id: body.employee_id,
        first_name: "Jane",
        last_name: "Doe",
        display_name: "Jane Doe",
        username: body.username,
        email: body.email,
        active: "yes",
        locked: "no",
        last_login_utc: null,
        created_utc: "2026-03-10T10:20:30Z",
        deactivated_utc: null,
        manager_email: "boss@example.org",
        personal_email: null,
        hide: "no",
        member: ["idp-test"],
        mfa: { prompt: "no", add: "no", active: "no", options: [] },
        method: { add: "no", options: [] },
        profile_review: "no",
        require_mfa: "no",
      });
      const again = await read(body.employee_id);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(user);
      const events = await auditOf(server, user.uuid);
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["user.create", "user.invite.issue"]));
    });

    it("e-mails an invite (a UUID valid one month) through the outbox, copied to the personal address", async () => {
      const { body, user } = await create({ personal_email: "jane.home@example.net" });
      const invite = await latestMessageTo(server, body.email);
      expect(invite?.text).toMatch(UUID);
      const copy = await latestMessageTo(server, "jane.home@example.net");
      expect(copy?.text.match(UUID)?.[0]).toBe(invite?.text.match(UUID)?.[0]);
      const graph = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { invite { expiresAt } } }`, { e: body.employee_id });
      expect(graph.data!.userByEmployeeId.invite.expiresAt).toBe("2026-04-10T00:00:00.000Z");
      // The code works at POST /authentication (the invite login).
      const login = await broker.post("/authentication", { invite: invite!.text.match(UUID)![0] });
      expect(login.status).toBe(200);
      expect(login.body.uuid).toBe(user.uuid);
    });

    it("makes a personal e-mail that differs from the e-mail a verified recovery method", async () => {
      const { body } = await create({ personal_email: "Jane.Private@example.net" });
      const graph = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { recoveryMethods { value verified } } }`, { e: body.employee_id });
      expect(graph.data!.userByEmployeeId.recoveryMethods).toEqual([{ value: "jane.private@example.net", verified: true }]);
      const same = await create({ personal_email: "SAME@example.org", email: "same@example.org" });
      const none = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { recoveryMethods { value } } }`, { e: same.body.employee_id });
      expect(none.data!.userByEmployeeId.recoveryMethods).toEqual([]);
    });

    it("turns groups into member, the IDP name last, and keeps the yes/no flags", async () => {
      const { user } = await create({ groups: "staff, admins,,it", locked: "yes", hide: "yes", require_mfa: "yes", active: "no" });
      raml.expectType("UserResponse", user);
      expect(user.member).toEqual(["staff", "admins", "it", "idp-test"]);
      expect(user).toMatchObject({ locked: "yes", hide: "yes", require_mfa: "yes", active: "no" });
    });

    const invalid: [string, Record<string, unknown>, string][] = [
      ["no employee_id", { employee_id: undefined }, "Employee ID cannot be blank."],
      ["a blank first_name", { first_name: "" }, "First Name cannot be blank."],
      ["no last_name", { last_name: null }, "Last Name cannot be blank."],
      ["a whitespace username", { username: "   " }, "Username cannot be blank."],
      ["no email and no personal_email", { email: undefined }, "Email cannot be blank."],
      ["odd characters in employee_id", { employee_id: "123&456" }, "invalid character(s) in Employee ID 123&456"],
      ["active YES", { active: "YES" }, "Active is invalid."],
      ["locked true", { locked: true }, "Locked is invalid."],
      ["require_mfa 1", { require_mfa: 1 }, "Require Mfa is invalid."],
      ["hide No", { hide: "No" }, "Hide is invalid."],
      ["a bad email", { email: "not-an-email" }, "Email is not a valid email address."],
      ["a bad manager_email", { manager_email: "boss@" }, "Manager Email is not a valid email address."],
      ["a bad personal_email", { personal_email: "home" }, "Personal Email is not a valid email address."],
      ["a number for first_name", { first_name: 123 }, "First Name must be a string."],
      ["an object for groups", { groups: { a: 1 } }, "Groups must be a string."],
      ["a 256-character username", { username: "u".repeat(256) }, "Username should contain at most 255 characters."],
      ["an impossible date", { nag_for_mfa_after: "2026-02-30" }, "The format of Nag For Mfa After is invalid."],
      ["several problems (the first counts)", { employee_id: "", email: "bad" }, "Employee ID cannot be blank."],
    ];
    for (const [what, change, message] of invalid) {
      it(`answers 422 "${message}" for ${what}, and creates nothing`, async () => {
        const body = newUserBody();
        const sent = { ...body, ...change };
        for (const key of Object.keys(change)) if (change[key] === undefined) delete sent[key];
        const res = await broker.post("/user", sent);
        expect(res.status).toBe(422);
        expect(res.body).toEqual(unprocessable(message));
        raml.expectResponse("post", "/user", 422, res.body);
        expect((await read(body.employee_id)).status).toBe(204);
        const found = await server.gql(`query($u: String) { users(username: $u) { nodes { id } } }`, { u: body.username });
        expect(found.data!.users.nodes).toEqual([]);
      });
    }

    it("refuses a taken employee_id, username or e-mail (in any case) with the deployed message", async () => {
      const { body } = await create();
      const cases: [Record<string, unknown>, string][] = [
        [{ employee_id: body.employee_id }, `Employee ID "${body.employee_id}" has already been taken.`],
        [{ username: body.username.toUpperCase() }, `Username "${body.username.toUpperCase()}" has already been taken.`],
        [{ email: body.email.toUpperCase() }, `Email "${body.email.toUpperCase()}" has already been taken.`],
      ];
      for (const [change, message] of cases) {
        const other = newUserBody(change);
        const res = await broker.post("/user", other);
        expect(res.status).toBe(422);
        expect(res.body).toEqual(unprocessable(message));
        if (!("employee_id" in change)) expect((await read(other.employee_id)).status).toBe(204);
      }
    });

    it("refuses a body that is not a JSON object with 400, and creates nothing", async () => {
      const body = newUserBody();
      const attempts = [
        broker.call("POST", "/user", undefined, { raw: { body: new URLSearchParams(body).toString(), type: "application/x-www-form-urlencoded" } }),
        broker.call("POST", "/user", undefined, { raw: { body: JSON.stringify(body).slice(0, -2), type: "application/json" } }),
        broker.call("POST", "/user", undefined, { raw: { body: JSON.stringify(body), type: "text/plain" } }),
        broker.post("/user", [body]),
        broker.post("/user", "employee_id"),
        broker.post("/user"),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(400);
        raml.expectType("Error", res.body);
        expect(res.body).toMatchObject({ name: "Bad Request", code: 0, status: 400, message: expect.stringMatching(/JSON/) });
      }
      expect((await read(body.employee_id)).status).toBe(204);
    });

    it("accepts an employee id with a hyphen, which no /user/{employee_id} route then matches", async () => {
      const { body } = await create({ employee_id: `with-hyphen-${Date.now()}` });
      const res = await read(body.employee_id);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(notFoundBody);
    });

    it("creates a contingent user without an e-mail: mail goes to the personal address, and the account expires after four weeks", async () => {
      const personal = `contingent.${Date.now()}@example.net`;
      const { body, user } = await create({ email: undefined, personal_email: personal });
      raml.expectType("UserResponse", user);
      expect(user.email).toBe(personal);
      expect((await latestMessageTo(server, personal))?.text).toMatch(UUID);
      const graph = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { expiresOn } }`, { e: body.employee_id });
      expect(graph.data!.userByEmployeeId.expiresOn).toBe("2026-04-07T00:00:00.000Z");
      try {
        clock.set(new Date("2026-04-06T23:59:00Z"));
        expect((await read(body.employee_id)).body.active).toBe("yes");
        clock.set(new Date("2026-04-07T00:00:01Z"));
        expect((await read(body.employee_id)).body.active).toBe("no");
      } finally {
        clock.set(START);
      }
    });

    it("lets exactly one of several concurrent creations of one employee id through", async () => {
      const body = newUserBody();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => broker.post("/user", { ...body, username: `${body.username}_${i}`, email: `${i}.${body.email}` })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422, 422, 422, 422]);
      for (const r of results.filter((r) => r.status === 422)) expect(r.body.message).toBe(`Employee ID "${body.employee_id}" has already been taken.`);
      const found = await server.gql(`query($s: String) { users(search: $s) { nodes { id } } }`, { s: body.username });
      expect(found.data!.users.nodes).toHaveLength(1);
    });
  });

  describe("GET /user/{employee_id}", () => {
    it("answers the user, 204 with no body when unknown, and 404 for an id the route cannot match", async () => {
      const { body, user } = await create();
      const res = await read(body.employee_id);
      raml.expectResponse("get", "/user/{employee_id}", 200, res.body);
      expect(res.body).toEqual(user);
      const unknown = await read("nobody_here_123");
      expect(unknown.status).toBe(204);
      expect(unknown.body).toBeUndefined();
      raml.expectResponse("get", "/user/{employee_id}", 204, unknown.body);
      for (const odd of ["12%2634", "a.b", "a-b", "%C3%A9t%C3%A9"]) {
        const res = await read(odd);
        expect(res.status, odd).toBe(404);
        expect(res.body).toEqual(notFoundBody);
      }
    });

    it("keeps only the `fields` asked for, and masks personal_email when `mask` is given other than no", async () => {
      const { body } = await create({ personal_email: "john_smith@example.com" });
      const some = await read(body.employee_id, "?fields=employee_id,active,nonsense");
      expect(some.body).toEqual({ employee_id: body.employee_id, active: "yes" });
      expect((await read(body.employee_id, "?mask=yes")).body.personal_email).toBe("j***_s***h@e******.c**");
      expect((await read(body.employee_id, "?mask=no")).body.personal_email).toBe("john_smith@example.com");
      expect((await read(body.employee_id)).body.personal_email).toBe("john_smith@example.com");
    });
  });

  describe("PUT /user/{employee_id}", () => {
    const update = (employeeId: string, body: unknown) => broker.put(`/user/${employeeId}`, body);

    it("changes the given fields only and ignores those it does not take", async () => {
      const { body, user } = await create({ display_name: "JD", groups: "a" });
      const res = await update(body.employee_id, { first_name: "Janet", display_name: "", groups: "b,c", manager_email: "m@example.org", employee_id: "other_1", uuid: "x" });
      expect(res.status).toBe(200);
      raml.expectResponse("put", "/user/{employee_id}", 200, res.body);
      expect(res.body).toEqual({ ...user, first_name: "Janet", display_name: "Janet Doe", member: ["b", "c", "idp-test"], manager_email: "m@example.org" });
      expect((await auditOf(server, user.uuid)).map((e) => e.action)).toContain("user.update");
    });

    it("sets deactivated_utc when active goes to no, and clears it when it comes back", async () => {
      const { body } = await create();
      try {
        clock.set(new Date("2026-03-11T08:00:00.999Z"));
        const off = await update(body.employee_id, { active: "no" });
        expect(off.body).toMatchObject({ active: "no", deactivated_utc: "2026-03-11T08:00:00Z" });
        clock.set(new Date("2026-03-12T08:00:00Z"));
        expect((await update(body.employee_id, { active: "no" })).body.deactivated_utc).toBe("2026-03-11T08:00:00Z");
        const on = await update(body.employee_id, { active: "yes" });
        expect(on.body).toMatchObject({ active: "yes", deactivated_utc: null });
      } finally {
        clock.set(START);
      }
    });

    it("asks for a profile review after the personal e-mail changes", async () => {
      const { body } = await create();
      expect((await read(body.employee_id)).body.profile_review).toBe("no");
      const res = await update(body.employee_id, { personal_email: "new.home@example.net" });
      expect(res.body.profile_review).toBe("yes");
    });

    it("refuses to remove the e-mail, and other invalid changes, with 422 and changes nothing", async () => {
      const { body, user } = await create();
      const other = await create();
      const cases: [Record<string, unknown>, string][] = [
        [{ email: "" }, "email cannot be removed"],
        [{ email: null, first_name: "X" }, "email cannot be removed"],
        [{ active: "maybe" }, "Active is invalid."],
        [{ first_name: "" }, "First Name cannot be blank."],
        [{ username: 42 }, "Username must be a string."],
        [{ personal_email: "nope" }, "Personal Email is not a valid email address."],
        [{ username: other.body.username, first_name: "Changed" }, `Username "${other.body.username}" has already been taken.`],
        [{ email: other.body.email }, `Email "${other.body.email}" has already been taken.`],
      ];
      for (const [change, message] of cases) {
        const res = await update(body.employee_id, change);
        expect(res.status).toBe(422);
        expect(res.body).toEqual(unprocessable(message));
        raml.expectResponse("put", "/user/{employee_id}", 422, res.body);
      }
      expect((await read(body.employee_id)).body).toEqual(user);
    });

    it("answers 204 with no body for an unknown user, 404 for an odd id and 400 for a body that is not an object", async () => {
      const unknown = await update("nobody_here_456", { first_name: "X" });
      expect(unknown.status).toBe(204);
      expect(unknown.body).toBeUndefined();
      expect((await update("a.b", { first_name: "X" })).body).toEqual(notFoundBody);
      const { body, user } = await create();
      for (const res of [await update(body.employee_id, ["x"]), await broker.call("PUT", `/user/${body.employee_id}`, undefined, { raw: { body: "first_name=X", type: "text/plain" } })]) {
        expect(res.status).toBe(400);
        raml.expectType("Error", res.body);
      }
      expect((await read(body.employee_id)).body).toEqual(user);
    });
  });

  describe("PUT /user/{employee_id}/update-last-login", () => {
    it("records the login time, answers it in ISO 8601, and writes an audit event", async () => {
      const { body, user } = await create();
      try {
        clock.set(new Date("2026-03-10T12:34:56.789Z"));
        const res = await broker.put(`/user/${body.employee_id}/update-last-login`);
        expect(res.status).toBe(200);
        raml.expectResponse("put", "/user/{employee_id}/update-last-login", 200, res.body);
        expect(res.body).toEqual({ employee_id: body.employee_id, last_login_utc: "2026-03-10T12:34:56Z" });
      } finally {
        clock.set(START);
      }
      expect((await read(body.employee_id)).body.last_login_utc).toBe("2026-03-10T12:34:56Z");
      expect((await auditOf(server, user.uuid))[0]).toMatchObject({ action: "user.last_login", actorType: "service" });
    });

    it("answers 404 with no body for an unknown user, and the route's 404 for an odd id", async () => {
      const res = await broker.put("/user/nobody_here_789/update-last-login");
      expect(res.status).toBe(404);
      expect(res.body).toBeUndefined();
      raml.expectResponse("put", "/user/{employee_id}/update-last-login", 404, res.body);
      expect((await broker.put("/user/a-b/update-last-login")).body).toEqual(notFoundBody);
    });
  });

  describe("GET /user", () => {
    let tag: string;
    let alice: { body: Record<string, any>; user: any };
    let bob: { body: Record<string, any>; user: any };

    beforeAll(async () => {
      tag = `q${Date.now()}`;
      alice = await create({ first_name: "Alice", username: `alice_${tag}`, email: `alice_${tag}@example.org`, personal_email: `alice.home_${tag}@example.net` });
      // The list is in creation order; ids are random, so bob must be made a millisecond later to come second.
      clock.advance(1);
      try {
        bob = await create({ last_name: `Builder${tag}`, username: `bob_${tag}`, email: `bob_${tag}@example.org` });
      } finally {
        clock.set(START);
      }
      const password = await server.gql(`mutation($id: ID!) { setPassword(userId: $id, password: "Lantern-Quiver-6613-Basalt") }`, { id: bob.user.uuid });
      expect(password.errors).toBeUndefined();
    });

    const list = (query: string) => broker.get(`/user${query}`);

    it("lists every user with the RAML's default fields, valid against UserResponse[] read by those fields", async () => {
      const res = await list("");
      expect(res.status).toBe(200);
      raml.expectResponse("get", "/user", 200, res.body);
      expect(res.body.map((u: any) => u.uuid)).toEqual(expect.arrayContaining([alice.user.uuid, bob.user.uuid]));
      const byUuid = new Map<string, any>(res.body.map((u: any) => [u.uuid, u]));
      // `password` only for a user who has one.
      expect(Object.keys(byUuid.get(alice.user.uuid))).toEqual(DEFAULT_FIELDS.filter((f) => f !== "password"));
      expect(byUuid.get(alice.user.uuid)).toEqual(Object.fromEntries(DEFAULT_FIELDS.filter((f) => f !== "password").map((f) => [f, alice.user[f]])));
      expect(Object.keys(byUuid.get(bob.user.uuid))).toEqual(DEFAULT_FIELDS);
      expect(byUuid.get(bob.user.uuid).password).toEqual({ created_utc: "2026-03-10T10:20:30Z", expires_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
      // The validator reads the answer by the default fields: the whole record would not pass.
      const whole = (await list(`?search=${tag}&fields=`)).body;
      expect(Object.keys(whole[0])).toEqual(Object.keys(alice.user));
      expect(() => raml.expectResponse("get", "/user", 200, whole)).toThrow(/must NOT have additional properties/);
      raml.expectResponse("get", "/user", 200, whole, { fields: "" });
    });

    it("takes the default fields with the filters too, and a `fields` list instead of them", async () => {
      const filtered = await list(`?search=${tag}`);
      expect(filtered.body.map((u: any) => Object.keys(u))).toEqual([DEFAULT_FIELDS.filter((f) => f !== "password"), DEFAULT_FIELDS]);
      raml.expectResponse("get", "/user", 200, filtered.body);
      const chosen = await list(`?search=${tag}&fields=member,require_mfa`);
      expect(chosen.body).toEqual([{ member: ["idp-test"], require_mfa: "no" }, { member: ["idp-test"], require_mfa: "no" }]);
      raml.expectResponse("get", "/user", 200, chosen.body, { fields: "member,require_mfa" });
      expect(() => raml.expectResponse("get", "/user", 200, chosen.body)).toThrow();
    });

    it("matches username and email exactly (any case), together with AND, and ignores empty filters", async () => {
      expect((await list(`?username=ALICE_${tag}`)).body.map((u: any) => u.uuid)).toEqual([alice.user.uuid]);
      expect((await list(`?username=alice_${tag.slice(0, -1)}`)).body).toEqual([]);
      expect((await list(`?email=bob_${tag}@example.org`)).body.map((u: any) => u.uuid)).toEqual([bob.user.uuid]);
      expect((await list(`?username=alice_${tag}&email=bob_${tag}@example.org`)).body).toEqual([]);
      expect((await list(`?username=&search=${tag}`)).body).toHaveLength(2);
    });

    it("searches a substring of employee id, names, username, e-mail and personal e-mail", async () => {
      expect((await list(`?search=Builder${tag}`)).body.map((u: any) => u.uuid)).toEqual([bob.user.uuid]);
      expect((await list(`?search=home_${tag}`)).body.map((u: any) => u.uuid)).toEqual([alice.user.uuid]);
      expect((await list(`?search=${alice.body.employee_id}`)).body.map((u: any) => u.uuid)).toEqual([alice.user.uuid]);
      expect((await list(`?search=${tag}%25`)).body).toEqual([]);
    });

    it("answers an empty list for any other query parameter", async () => {
      for (const query of [`?expand=mfa`, `?rpOrigin=x&search=${tag}`, `?username=alice_${tag}&page=2`]) {
        const res = await list(query);
        expect(res.status).toBe(200);
        expect(res.body).toEqual([]);
      }
    });

    it("masks by default (the RAML's yes): personal_email and the listed methods; mask=no shows them plain and lists none", async () => {
      // Every field (an empty list), as the defaults hold neither personal_email nor method.
      const masked = (await list(`?search=alice_${tag}&fields=`)).body[0];
      raml.expectType("UserResponse", masked);
      expect(masked.personal_email).toMatch(/^a\*+_\w\*+\w@e\*+\.n\*\*$/);
      expect(masked.method.options).toEqual([{ id: expect.stringMatching(/^[\w-]{32}$/), value: masked.personal_email, verified: true, created: "2026-03-10T10:20:30Z" }]);
      const plain = (await list(`?search=alice_${tag}&mask=no&fields=personal_email,method`)).body[0];
      expect(plain.personal_email).toBe(`alice.home_${tag}@example.net`);
      expect(plain.method.options).toEqual([]);
      const other = (await list(`?search=alice_${tag}&mask=1&fields=personal_email,method`)).body[0];
      expect(other.personal_email).toBe(masked.personal_email);
      expect(other.method.options).toEqual([]);
    });

    it("keeps only the `fields` asked for", async () => {
      const res = await list(`?search=${tag}&fields=employee_id,username,password,nonsense`);
      expect(res.body).toEqual([
        { employee_id: alice.body.employee_id, username: alice.body.username },
        { employee_id: bob.body.employee_id, username: bob.body.username, password: { created_utc: "2026-03-10T10:20:30Z", expires_on: expect.any(String) } },
      ]);
      raml.expectResponse("get", "/user", 200, res.body, { fields: "employee_id,username,password,nonsense" });
    });

    it("reads past the graph's pages of 100 without gaps or repeats, users made in one millisecond in id order", async () => {
      const many = `pg${tag.slice(1)}`;
      const made: string[] = [];
      // Aliased createUser mutations, 21 to a request (under the alias limit): 105 users at the same instant of the hand-held clock.
      for (let batch = 0; batch < 5; batch++) {
        const fields = Array.from({ length: 21 }, (_, i) => {
          const n = batch * 21 + i;
          return `u${n}: createUser(input: {username: "${many}_${n}", employeeId: "${many}${n}", email: "${many}_${n}@example.org"}) { id createdAt }`;
        });
        const res = await server.gql(`mutation { ${fields.join(" ")} }`);
        expect(res.errors).toBeUndefined();
        for (const user of Object.values<{ id: string; createdAt: string }>(res.data!)) {
          expect(user.createdAt).toBe(START.toISOString());
          made.push(user.id);
        }
      }
      const res = await list(`?search=${many}_&fields=uuid`);
      expect(res.status).toBe(200);
      const listed = res.body.map((u: { uuid: string }) => u.uuid);
      expect(listed).toHaveLength(105);
      expect(new Set(listed).size).toBe(105);
      expect(listed).toEqual([...made].sort());
      expect((await list(`?search=${many}_&fields=uuid`)).body.map((u: { uuid: string }) => u.uuid)).toEqual(listed);
    });

    it("refuses a filter given twice with 400", async () => {
      const res = await list(`?username=a&username=b`);
      expect(res.status).toBe(400);
      raml.expectType("Error", res.body);
    });
  });

  describe("the same operations through GraphQL", () => {
    it("finds by employee id, filters the list, records logins, issues invites and shows the nag", async () => {
      const { body, user } = await create();
      const found = await server.gql(`query($e: String!) { userByEmployeeId(employeeId: $e) { id nag active requireMfa password { expiresOn } } }`, { e: body.employee_id });
      expect(found.data!.userByEmployeeId).toEqual({ id: user.uuid, nag: "NONE", active: true, requireMfa: false, password: null });
      const listed = await server.gql(`query($u: String, $e: String) { users(username: $u, email: $e) { nodes { id } } }`, { u: body.username, e: body.email });
      expect(listed.data!.users.nodes).toEqual([{ id: user.uuid }]);
      const login = await server.gql(`mutation($id: ID!) { recordUserLogin(id: $id) { lastLoginAt } }`, { id: user.uuid });
      expect(login.data!.recordUserLogin.lastLoginAt).toBe(START.toISOString());
      const before = (await messagesTo(server, body.email)).length;
      const invite = await server.gql(`mutation($id: ID!) { createInvite(userId: $id) { userId expiresAt } }`, { id: user.uuid });
      expect(invite.data!.createInvite).toEqual({ userId: user.uuid, expiresAt: "2026-04-10T00:00:00.000Z" });
      expect(await messagesTo(server, body.email)).toHaveLength(before + 1);
    });

    it("creates users with the broker's options and needs a scope for each operation", async () => {
      const created = await server.gql(`mutation { createUser(input: {username: "graph_broker_1", personalEmail: "gb1@example.net", invite: true, requireMfa: true}) { id email requireMfa expiresOn } }`);
      expect(created.data!.createUser).toMatchObject({ email: null, requireMfa: true, expiresOn: "2026-04-07T00:00:00.000Z" });
      expect((await latestMessageTo(server, "gb1@example.net"))?.text).toMatch(UUID);
      const anonymous = await server.gql(`query { userByEmployeeId(employeeId: "x") { id } }`, {}, null);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
});
