import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { lacpassSpec, newUser, PASSWORD, passwordGrant, postForm, protocolUrl, request, rowCounts } from "#test/oidc/support.js";

describe("OIDC bad input: a clear OAuth error, never a 500, and no row changed", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  let email: string;
  let refreshToken: string;
  let before: Awaited<ReturnType<typeof rowCounts>>;
  const tokenUrl = () => protocolUrl(server, "master", "/token");
  const formPaths = ["/token", "/logout", "/token/introspect", "/revoke"];

  beforeAll(async () => {
    server = await startTestServer();
    spec = await lacpassSpec();
    email = (await newUser(server)).email;
    const login = await passwordGrant(server, email);
    expect(login.status).toBe(200);
    refreshToken = login.body.refresh_token;
    before = await rowCounts(server);
  });
  afterAll(async () => {
    // Every case below left the sessions, refresh tokens, keys and audit log as they were.
    expect(await rowCounts(server)).toEqual(before);
    await server?.stop();
  });

  it("refuses JSON, text and multipart bodies on every form endpoint with 400 invalid_request", async () => {
    const bodies: [string, string][] = [
      ["application/json", JSON.stringify({ grant_type: "password", client_id: "app", username: email, password: PASSWORD })],
      ["application/json", "{not json"],
      ["text/plain", `grant_type=password&client_id=app&username=${email}&password=${PASSWORD}`],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\npassword\r\n--x--\r\n`],
    ];
    for (const path of formPaths) {
      for (const [type, body] of bodies) {
        const res = await request(protocolUrl(server, "master", path), { method: "POST", headers: { "content-type": type }, body });
        expect(res.status, `${path} ${type}`).toBe(400);
        spec.expectError(res.body, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        expect(res.headers.get("cache-control")).toBe("no-store");
      }
    }
  });

  it("reads a body-less POST as an empty form", async () => {
    const res = await request(tokenUrl(), { method: "POST" });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_request", "Missing form parameter: grant_type");
  });

  it("refuses duplicated parameters with 400 duplicated parameter, after the client check", async () => {
    const cases: [string, string][][] = [
      [["grant_type", "password"], ["grant_type", "password"], ["client_id", "app"], ["username", email], ["password", PASSWORD]],
      [["grant_type", "password"], ["client_id", "app"], ["username", email], ["username", "someone-else"], ["password", PASSWORD]],
      [["grant_type", "password"], ["client_id", "app"], ["client_id", "app"], ["username", email], ["password", PASSWORD]],
      [["grant_type", "refresh_token"], ["client_id", "app"], ["refresh_token", refreshToken], ["refresh_token", refreshToken]],
    ];
    for (const form of cases) {
      const res = await postForm(tokenUrl(), form);
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_request", "duplicated parameter");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const badClient = await postForm(tokenUrl(), [["grant_type", "password"], ["client_id", "nope"], ["username", email], ["username", email]]);
    expect(badClient.status).toBe(401);
    spec.expectError(badClient.body, "invalid_client");
    const logout = await postForm(protocolUrl(server, "master", "/logout"), [["client_id", "app"], ["refresh_token", refreshToken], ["refresh_token", "x"]]);
    expect(logout.status).toBe(400);
    spec.expectError(logout.body, "invalid_request", "duplicated parameter");
  });

  it("refuses oversized values with 400 invalid_request naming the parameter", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ grant_type: "password", client_id: "app", username: "u".repeat(256), password: PASSWORD }, /username/],
      [{ grant_type: "password", client_id: "app", username: email, password: "p".repeat(1025) }, /password/],
      [{ grant_type: "password", client_id: "c".repeat(129), username: email, password: PASSWORD }, /clientId/],
      [{ grant_type: "password", client_id: "app", username: email, password: PASSWORD, scope: "openid ".repeat(200) }, /scope/],
      [{ grant_type: "refresh_token", client_id: "app", refresh_token: "r".repeat(8193) }, /refreshToken/],
    ];
    for (const [form, field] of cases) {
      const res = await postForm(tokenUrl(), form);
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_request");
      expect(res.body.error_description).toMatch(field);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers a body over the limit 413 and too many parameters 413, as OAuth errors", async () => {
    const huge = await postForm(tokenUrl(), { grant_type: "password", client_id: "app", username: email, password: "x".repeat(200_000) });
    expect(huge.status).toBe(413);
    spec.expectError(huge.body, "invalid_request", "request body is too large");
    expect(huge.headers.get("cache-control")).toBe("no-store");
    const many = await postForm(tokenUrl(), Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, "1"])));
    expect(many.status).toBe(413);
    spec.expectError(many.body, "invalid_request", "request body has too many parameters");
  });

  it("answers an unsupported charset 415 as an OAuth error", async () => {
    const res = await request(tokenUrl(), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=latin1" }, body: "grant_type=password" });
    expect(res.status).toBe(415);
    spec.expectError(res.body, "invalid_request");
  });

  it("never answers 500 to odd but well-formed forms", async () => {
    const forms: Record<string, string>[] = [
      { grant_type: "" },
      { grant_type: "password", client_id: "" },
      { grant_type: "password", client_id: "app", username: "" },
      { grant_type: "password", client_id: "app", username: "\u0000", password: "\u0000" },
      { grant_type: "password", client_id: "app", username: "%ZZ", password: "%" },
      { grant_type: "password", client_id: "app", username: "x'; drop table users; --", password: "x" },
      { grant_type: "refresh_token", client_id: "app", refresh_token: "" },
      { grant_type: "refresh_token", client_id: "app", refresh_token: "eyJhbGciOiJub25lIn0.eyJzaWQiOiJub3QtYS11dWlkIn0." },
      { grant_type: "refresh_token", client_id: "app", refresh_token: "..." },
      { "__proto__": "x", grant_type: "password", client_id: "app", username: "a", password: "b" },
      { "grant_type[]": "password" },
    ];
    for (const form of forms) {
      const res = await postForm(tokenUrl(), form);
      expect(res.status, JSON.stringify(form)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(form)).toBeLessThan(500);
      spec.expectError(res.body, expect.any(String) as unknown as string);
    }
  });
});
