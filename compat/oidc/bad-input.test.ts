import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "#test/support/raw-http.js";
import { allRowCounts } from "#test/support/row-counts.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { lacpassSpec, newUser, PASSWORD, passwordGrant, postForm, protocolUrl, request, rowCounts } from "#test/oidc/support.js";

describe("OIDC bad input: a clear OAuth error, never a 500, and no row changed", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  let email: string;
  let refreshToken: string;
  let before: Awaited<ReturnType<typeof rowCounts>>;
  let allBefore: Record<string, number>;
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
    allBefore = await allRowCounts(server);
  });
  afterAll(async () => {
    // Every case below left the sessions, refresh tokens, keys and audit log as they were.
    expect(await rowCounts(server)).toEqual(before);
    expect(await allRowCounts(server)).toEqual(allBefore);
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

  describe("NUL, lone surrogates and bytes that are not UTF-8: refused at the edge", () => {
    /** A form body exactly as written (URLSearchParams would re-encode the escapes). */
    const postRaw = (path: string, body: string, headers: Record<string, string> = {}) =>
      request(protocolUrl(server, "master", path), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
    const login = `grant_type=password&client_id=app&username=${encodeURIComponent(email)}&password=x`;

    it.each([
      ["username", "grant_type=password&client_id=app&username=a%00b&password=x"],
      ["password", `grant_type=password&client_id=app&username=${encodeURIComponent("someone@example.com")}&password=p%00`],
      ["client_id", "grant_type=password&client_id=app%00&username=a&password=x"],
      ["scope", "grant_type=password&client_id=app&username=a&password=x&scope=openid%00"],
      ["grant_type", "grant_type=password%00&client_id=app"],
      ["refresh_token", "grant_type=refresh_token&client_id=app&refresh_token=%00"],
    ])("a NUL in %s: 400 invalid_request naming it, as OIDC's NUL username always was", async (name, body) => {
      const res = await postRaw("/token", body);
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_request", `${name} must not contain NUL characters`);
      expect(res.headers.get("cache-control")).toBe("no-store");
    });

    it("a NUL in a parameter's name, or in any form of the other endpoints, is the same 400", async () => {
      const named = await postRaw("/token", `${login}&x%00=1`);
      expect(named.status).toBe(400);
      spec.expectError(named.body, "invalid_request", "a field name must not contain NUL characters");
      for (const path of ["/logout", "/token/introspect", "/revoke"]) {
        const res = await postRaw(path, `client_id=app&token=a%00&refresh_token=a%00`);
        expect(res.status, path).toBe(400);
        spec.expectError(res.body, "invalid_request", expect.stringMatching(/must not contain NUL characters$/) as unknown as string);
      }
    });

    it.each([
      ["an encoded surrogate", "%ED%A0%80"],
      ["a lone continuation byte", "%80"],
      ["a truncated sequence", "%E2%82"],
      ["an overlong NUL", "%C0%80"],
    ])("%s in a form value: 400 invalid_request, the body is not UTF-8", async (_name, escape) => {
      const res = await postRaw("/token", `grant_type=password&client_id=app&username=${escape}&password=x`);
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_request", "the request body is not valid UTF-8");
    });

    it("raw bytes that are not UTF-8 in a form body: the same 400", async () => {
      const body = Buffer.concat([Buffer.from("grant_type=password&client_id=app&username="), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("&password=x")]);
      const res = await rawRequest(server.publicUrl, {
        method: "POST",
        target: "/realms/master/protocol/openid-connect/token",
        headers: ["Content-Type: application/x-www-form-urlencoded"],
        body,
      });
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_request", "the request body is not valid UTF-8");
    });

    it("a query string with NUL or bytes that are not UTF-8: 400 invalid_request", async () => {
      for (const [query, description] of [
        ["?x=%00", "query parameter x must not contain NUL characters"],
        ["?x=%ED%A0%80", "the query string is not valid percent-encoded UTF-8"],
      ]) {
        const token = await request(`${tokenUrl()}${query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: login });
        expect(token.status).toBe(400);
        spec.expectError(token.body, "invalid_request", description);
        const info = await request(`${protocolUrl(server, "master", "/userinfo")}${query}`);
        expect(info.status).toBe(400);
        spec.expectError(info.body, "invalid_request", description);
      }
    });

    it("a realm segment that does not decode, or decodes to NUL, names no realm: 404 Realm does not exist", async () => {
      for (const realm of ["%ED%A0%80", "%FF", "%ZZ", "%00", "master%00"]) {
        const token = await request(protocolUrl(server, realm, "/token"), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: login });
        expect(token.status, realm).toBe(404);
        expect(token.body).toEqual({ error: "Realm does not exist" });
        expect(token.headers.get("cache-control")).toBe("no-store");
        for (const path of ["/userinfo", "/certs"]) {
          const res = await request(protocolUrl(server, realm, path));
          expect(res.status, `${realm} ${path}`).toBe(404);
          expect(res.body).toEqual({ error: "Realm does not exist" });
        }
        const discovery = await request(`${server.publicUrl}/realms/${realm}/.well-known/openid-configuration`);
        expect(discovery.status).toBe(404);
        expect(discovery.body).toEqual({ error: "Realm does not exist" });
      }
    });

    it("a path outside every route, with a segment that does not decode, is the listener's 404", async () => {
      const res = await request(`${server.publicUrl}/realms/master/protocol/%ED%A0%80/token`, { method: "POST" });
      expect(res.status).toBe(404);
    });

    it("headers: a NUL is refused by the HTTP parser (400); other bytes are opaque and answered as usual", async () => {
      const nul = await rawRequest(server.publicUrl, {
        method: "POST",
        target: "/realms/master/protocol/openid-connect/token",
        headers: ["Content-Type: application/x-www-form-urlencoded", "Authorization: Basic YXBwOng=\u0000"],
        body: login,
      });
      expect(nul.status).toBe(400);
      const bytes = await rawRequest(server.publicUrl, {
        method: "GET",
        target: "/realms/master/protocol/openid-connect/userinfo",
        headers: [Buffer.concat([Buffer.from("Authorization: Bearer abc"), Buffer.from([0xed, 0xa0, 0x80])])],
      });
      expect(bytes.status).toBe(401);
      spec.expectError(bytes.body, "unauthorized");
      // Client credentials in Basic are form-encoded halves: a NUL there is the graph's NUL check, still a 400.
      const basic = await rawRequest(server.publicUrl, {
        method: "POST",
        target: "/realms/master/protocol/openid-connect/token",
        headers: ["Content-Type: application/x-www-form-urlencoded", `Authorization: Basic ${Buffer.from("app%00:secret").toString("base64")}`],
        body: `grant_type=password&username=${encodeURIComponent(email)}&password=x`,
      });
      expect(basic.status).toBe(400);
      spec.expectError(basic.body, "invalid_request", "clientId must not contain NUL characters");
    });
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
