import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BROKER_KEY, type BrokerClient, brokerSuite, newUserBody, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";
import { rawRequest } from "#test/support/raw-http.js";
import { allRowCounts } from "#test/support/row-counts.js";
import type { TestServer } from "#test/support/server.js";

const NUL = "\u0000";
const LONE_HIGH = "\ud800";
const LONE_LOW = "\udc00";
const notFound = { name: "Not Found", message: "", code: 0, status: 404 };
const badCredentials = { name: "Bad Request", message: "", code: 0, status: 400 };
const badRequest = (message: string) => ({ name: "Bad Request", message, code: 0, status: 400 });

describe("ID Broker bad input: the broker's 400 (or its undefined route's 404), never a 500, and no row changed", () => {
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  let existing: Record<string, any>;
  let before: Record<string, number>;

  beforeAll(async () => {
    ({ server, broker, raml } = await brokerSuite(startBrokerServer()));
    existing = newUserBody();
    expect((await broker.post("/user", existing)).status).toBe(200);
    before = await allRowCounts(server);
  });
  beforeEach(async () => {
    expect(await allRowCounts(server)).toEqual(before);
  });
  afterAll(async () => {
    expect(await allRowCounts(server)).toEqual(before);
    // The user the refused updates named is as it was.
    const user = await broker.get(`/user/${existing.employee_id}`);
    expect(user.body).toMatchObject({ first_name: existing.first_name, last_name: existing.last_name, email: existing.email, username: existing.username });
    await server?.stop();
  });

  const expectBadRequest = (res: { status: number; body: any }, message: string | RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    raml.expectType("Error", res.body);
    expect(res.body).toEqual(badRequest(expect.stringMatching(message) as unknown as string));
  };

  describe("POST /user and PUT /user/{employee_id}: NUL and lone surrogates in any field", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["NUL in username", { username: `jane${NUL}` }, /^username must not contain NUL characters$/],
      ["NUL in first_name", { first_name: `Ja${NUL}ne` }, /^first_name must not contain NUL characters$/],
      ["NUL in email", { email: `jane${NUL}@example.org` }, /^email must not contain NUL characters$/],
      ["NUL in employee_id", { employee_id: `E${NUL}` }, /^employee_id must not contain NUL characters$/],
      ["NUL in display_name", { display_name: NUL }, /^display_name must not contain NUL/],
      ["a lone high surrogate in last_name", { last_name: `Doe${LONE_HIGH}` }, /^last_name must not contain unpaired UTF-16 surrogates$/],
      ["a lone low surrogate in username", { username: `${LONE_LOW}jane` }, /^username must not contain unpaired/],
      ["NUL in a field name", { [`x${NUL}`]: "1" }, /^a field name must not contain NUL characters$/],
      ["a lone surrogate in a field name", { [LONE_HIGH]: "1" }, /^a field name must not contain unpaired/],
    ];

    it.each(cases)("POST /user refuses %s", async (_name, overrides, message) => {
      expectBadRequest(await broker.post("/user", newUserBody(overrides)), message);
    });

    it.each(cases)("PUT /user/{employee_id} refuses %s and changes nothing", async (_name, overrides, message) => {
      const { employee_id: _id, ...update } = overrides;
      const body = Object.keys(update).length > 0 ? update : { employee_id: overrides.employee_id };
      expectBadRequest(await broker.put(`/user/${existing.employee_id}`, body), message);
    });

    it("a body whose bytes are not UTF-8 is refused", async () => {
      const [head, tail] = JSON.stringify(newUserBody({ first_name: "JANE" })).split("JANE");
      const bytes = Buffer.concat([Buffer.from(head!), Buffer.from([0x4a, 0xff]), Buffer.from(tail!)]);
      expectBadRequest(await rawPost("/user", bytes), /^the request body is not valid UTF-8$/);
    });
  });

  /** node:http would send a string body as UTF-8; these bytes must go out as they are. */
  const rawPost = (path: string, body: Buffer) =>
    rawRequest(server.publicUrl, { method: "POST", target: path, headers: [`Authorization: Bearer ${BROKER_KEY}`, "Content-Type: application/json"], body });

  describe("POST /authentication keeps its one identical 400", () => {
    it.each([
      ["NUL in username", { username: `a${NUL}`, password: "x" }],
      ["NUL in password", { username: "someone", password: `p${NUL}` }],
      ["NUL in invite", { invite: `${NUL}` }],
      ["a lone surrogate in username", { username: LONE_HIGH, password: "x" }],
      ["a lone surrogate in password", { username: "someone", password: `p${LONE_LOW}` }],
      ["NUL in a field name", { username: "someone", password: "x", [NUL]: 1 }],
    ])("%s", async (_name, body) => {
      const res = await broker.post("/authentication", body);
      expect(res.status).toBe(400);
      raml.expectResponse("post", "/authentication", 400, res.body);
      expect(res.body).toEqual(badCredentials);
    });

    it("NUL or bytes that are not UTF-8 in its query string (rpOrigin)", async () => {
      for (const query of ["?rpOrigin=%00", "?rpOrigin=%ED%A0%80"]) {
        const res = await broker.post(`/authentication${query}`, { username: "someone", password: "x" });
        expect(res.status, query).toBe(400);
        expect(res.body).toEqual(badCredentials);
      }
    });

    it("a body whose bytes are not UTF-8", async () => {
      const res = await rawPost("/authentication", Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","password":"x"}')]));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(badCredentials);
    });
  });

  describe("a path segment that does not decode, or decodes to NUL, matches no route", () => {
    const segments = ["%ED%A0%80", "%FF", "%E2%82", "%ZZ", "%00", "E1%00"];
    const routes: [string, (segment: string) => string][] = [
      ["GET", (s) => `/user/${s}`],
      ["PUT", (s) => `/user/${s}`],
      ["PUT", (s) => `/user/${s}/update-last-login`],
      ["GET", (s) => `/user/${s}/mfa`],
      ["GET", (s) => `/user/${s}/method`],
      ["PUT", (s) => `/user/${s}/password`],
      ["PUT", (s) => `/user/${s}/password/assess`],
      ["PUT", (s) => `/mfa/${s}`],
      ["DELETE", (s) => `/mfa/${s}`],
      ["POST", (s) => `/mfa/${s}/verify`],
      ["POST", (s) => `/mfa/${s}/verify/registration`],
      ["PUT", (s) => `/mfa/1/webauthn/${s}`],
      ["DELETE", (s) => `/mfa/${s}/webauthn/1`],
      ["GET", (s) => `/method/${s}`],
      ["DELETE", (s) => `/method/${s}`],
      ["PUT", (s) => `/method/${s}/verify`],
      ["PUT", (s) => `/method/${s}/resend`],
    ];
    for (const segment of segments) {
      it(`${segment}: the undefined route's 404 on every path with an id`, async () => {
        for (const [method, path] of routes) {
          const res = await broker.call(method, path(segment), method === "GET" ? undefined : { employee_id: existing.employee_id, password: "x", value: "1" });
          expect(res.status, `${method} ${path(segment)}`).toBe(404);
          expect(res.body).toEqual(notFound);
        }
      });
    }

    it("without a key it is the 401, as for any path: the key is checked first", async () => {
      const res = await broker.get("/user/%ED%A0%80", { key: null });
      expect(res.status).toBe(401);
      raml.expectType("Error", res.body);
    });

    it("raw bytes that are not UTF-8 in the path are refused by the HTTP parser with a bare 400", async () => {
      const res = await rawRequest(server.publicUrl, { method: "GET", target: Buffer.concat([Buffer.from("/user/"), Buffer.from([0xed, 0xa0, 0x80])]), headers: [`Authorization: Bearer ${BROKER_KEY}`] });
      expect(res.status).toBe(400);
    });
  });

  describe("other bodies, query strings and headers", () => {
    it.each([
      ["POST /mfa", "/mfa", { employee_id: `E${NUL}`, type: "backupcode" }, /^employee_id must not contain NUL/],
      ["POST /mfa", "/mfa", { employee_id: "E1", type: "totp", label: LONE_HIGH }, /^label must not contain unpaired/],
      ["POST /method", "/method", { employee_id: "E1", value: `a${NUL}@example.org` }, /^value must not contain NUL/],
    ])("%s refuses %j", async (_name, path, body, message) => {
      expectBadRequest(await broker.post(path, body), message);
    });

    it.each([
      ["?username=%00", /^query parameter username must not contain NUL characters$/],
      ["?search=jane%00", /^query parameter search must not contain NUL characters$/],
      ["?%00=1", /^query parameter name must not contain NUL characters$/],
      ["?email=%ED%A0%80", /^the query string is not valid percent-encoded UTF-8$/],
    ])("GET /user%s is a 400", async (query, message) => {
      expectBadRequest(await broker.get(`/user${query}`), message);
    });

    it("a query string with NUL on a write is refused before the write", async () => {
      expectBadRequest(await broker.put(`/user/${existing.employee_id}?fields=%00`, { first_name: "Changed" }), /^query parameter fields must not contain NUL/);
    });

    it("a header with NUL never reaches the broker: the HTTP parser answers 400", async () => {
      const res = await rawRequest(server.publicUrl, { method: "GET", target: "/user", headers: [`Authorization: Bearer ${BROKER_KEY}${NUL}`] });
      expect(res.status).toBe(400);
    });

    it("a key with bytes that are not UTF-8 is a key that does not match: the 401", async () => {
      const res = await rawRequest(server.publicUrl, { method: "GET", target: "/user", headers: [Buffer.concat([Buffer.from("Authorization: Bearer "), Buffer.from([0xed, 0xa0, 0x80])])] });
      expect(res.status).toBe(401);
      raml.expectType("Error", res.body);
    });
  });
});
