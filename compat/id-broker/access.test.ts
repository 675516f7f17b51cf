import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, type TestServer } from "#test/support/server.js";
import { auditOf, BROKER_KEYS, type BrokerClient, brokerClient, brokerSuite, newUserBody, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import type { RamlValidator } from "#test/support/id-broker/raml-schemas.js";

const unauthorizedBody = { name: "Unauthorized", message: "Your request was made with invalid credentials.", code: 0, status: 401 };
const notFoundBody = { name: "Not Found", message: "", code: 0, status: 404 };

/** Every path of the RAML (a representative request each); none may answer without a key. */
const everyPath: [string, string][] = [
  ["POST", "/authentication"],
  ["GET", "/user"],
  ["POST", "/user"],
  ["GET", "/user/12345"],
  ["PUT", "/user/12345"],
  ["PUT", "/user/12345/update-last-login"],
  ["GET", "/user/12345/mfa"],
  ["GET", "/user/12345/method"],
  ["PUT", "/user/12345/password"],
  ["PUT", "/user/12345/password/assess"],
  ["POST", "/mfa"],
  ["PUT", "/mfa/1"],
  ["DELETE", "/mfa/1"],
  ["POST", "/mfa/1/verify"],
  ["POST", "/mfa/1/verify/registration"],
  ["PUT", "/mfa/1/webauthn/2"],
  ["DELETE", "/mfa/1/webauthn/2"],
  ["POST", "/method"],
  ["GET", "/method/abc"],
  ["DELETE", "/method/abc"],
  ["PUT", "/method/abc/verify"],
  ["PUT", "/method/abc/resend"],
];

describe("ID Broker access", () => {
  let server: TestServer, broker: BrokerClient, raml: RamlValidator;
  beforeAll(async () => ({ server, broker, raml } = await brokerSuite(startBrokerServer())));
  afterAll(() => server?.stop());

  const expectUnauthorized = (res: { status: number; body: unknown; headers: Headers }) => {
    expect(res.status).toBe(401);
    expect(res.body).toEqual(unauthorizedBody);
    raml.expectType("Error", res.body);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
    expect(res.headers.get("set-cookie")).toBeNull();
  };

  it("answers the status probe without a key: 204, no body, no cookie", async () => {
    const res = await broker.get("/site/status", { key: null });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses every other path without a key, with the deployed 401 and its challenge", async () => {
    for (const [method, path] of everyPath) {
      const res = await broker.call(method, path, { employee_id: "12345" }, { key: null });
      expectUnauthorized(res);
    }
  });

  it("refuses a wrong key, another scheme, a lower-case scheme and an empty token", async () => {
    for (const authorization of ["Bearer not-a-key", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", `bearer ${BROKER_KEYS[0]}`, "Bearer ", `Token ${BROKER_KEYS[0]}`]) {
      expectUnauthorized(await broker.get("/user", { key: null, headers: { authorization } }));
    }
    // A key that is a prefix or an extension of a real one is not that key.
    expectUnauthorized(await broker.get("/user", { key: BROKER_KEYS[0].slice(0, -1) }));
    expectUnauthorized(await broker.get("/user", { key: `${BROKER_KEYS[0]}x` }));
  });

  it("accepts each key of API_ACCESS_KEYS and ADMIN_API_KEY", async () => {
    for (const key of [...BROKER_KEYS, ADMIN_KEY]) {
      const res = await broker.get("/user", { key });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });

  it("accepts a graph API key with the id-broker scope, and no other", async () => {
    const create = async (scopes: string[]) => {
      const res = await server.gql(`mutation($s: [String!]!) { createApiKey(input: {name: "broker", scopes: $s}) { token key { id } } }`, { s: scopes });
      return res.data!.createApiKey as { token: string; key: { id: string } };
    };
    const broad = await create(["id-broker"]);
    const admin = await create(["admin"]);
    const narrow = await create(["users:read", "users:write"]);
    expect((await broker.get("/user", { key: broad.token })).status).toBe(200);
    expect((await broker.get("/user", { key: admin.token })).status).toBe(200);
    expectUnauthorized(await broker.get("/user", { key: narrow.token }));

    // What the key does is recorded against it.
    const body = newUserBody();
    const created = await broker.post("/user", body, { key: broad.token });
    expect(created.status).toBe(200);
    const [event] = (await auditOf(server, created.body.uuid)).filter((e) => e.action === "user.create");
    expect(event).toMatchObject({ actorType: "service", actorId: `id-broker/api_key:${broad.key.id}` });

    await server.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: broad.key.id });
    expectUnauthorized(await broker.get("/user", { key: broad.token }));
  });

  it("records a static key's changes as the id-broker service", async () => {
    const created = await broker.post("/user", newUserBody());
    const [event] = (await auditOf(server, created.body.uuid)).filter((e) => e.action === "user.create");
    expect(event).toMatchObject({ actorType: "service", actorId: "id-broker" });
  });

  it("checks the key before routing: an unknown path or verb is 401 without a key, 404 with one", async () => {
    const unknown: [string, string][] = [
      ["GET", "/user/12345/unknown"],
      ["DELETE", "/user"],
      ["PATCH", "/user"],
      ["PUT", "/user"],
      ["DELETE", "/user/12345"],
      ["GET", "/authentication"],
      ["GET", "/site/unknown"],
      ["POST", "/site/status"],
    ];
    for (const [method, path] of unknown) {
      expectUnauthorized(await broker.call(method, path, undefined, { key: null }));
      const res = await broker.call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toEqual(notFoundBody);
      raml.expectType("Error", res.body);
    }
  });

  it("checks the key before reading the body: malformed JSON is 401 without a key, 400 with one", async () => {
    const raw = { body: '{"username": ', type: "application/json" };
    expectUnauthorized(await broker.call("POST", "/authentication", undefined, { key: null, raw }));
    const res = await broker.call("POST", "/authentication", undefined, { raw });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ name: "Bad Request", message: "request body is not valid JSON", code: 0, status: 400 });
  });

  it("leaves the listener's other paths alone", async () => {
    const graph = await server.gql(`query { __typename }`);
    expect(graph.data).toEqual({ __typename: "Query" });
    const health = await fetch(`${server.publicUrl}/healthz`);
    expect(health.status).toBe(200);
    // A path outside the broker's is the listener's own 404, not the broker's 401.
    const other = await fetch(`${server.publicUrl}/users`);
    expect(other.status).toBe(404);
  });
});

describe("ID Broker status probe", () => {
  it("answers 500 in the broker's body when the store cannot answer", async () => {
    const server = await startBrokerServer();
    try {
      const broker = brokerClient(server);
      expect((await broker.get("/site/status", { key: null })).status).toBe(204);
      await server.database.close();
      const res = await broker.get("/site/status", { key: null });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ name: "Internal Server Error", message: "An internal server error occurred.", code: 0, status: 500 });
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});
