import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, openSocket, PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

const WORDS = "gold.lamp.pear.oven.kite";

describe("AUTH_HOST mode", () => {
  let server: TestServer;
  let port: string;
  let authHost: string;
  let appHost: string;
  beforeAll(async () => {
    ({ server } = await startPasskeyServer({ env: { AUTH_HOST: "auth.localhost" } }));
    port = new URL(server.publicUrl).port;
    authHost = `auth.localhost:${port}`;
    appHost = `app.localhost:${port}`;
  });
  afterAll(() => server?.stop());

  it("other hosts: the restricted namespaces are an empty 404", async () => {
    for (const [method, path] of [
      ["GET", "/auth/api/admin/orgs"],
      ["GET", "/auth/api/admin"],
      ["PUT", "/auth/api/user/display-name"],
      ["POST", "/auth/api/user/logout-all"],
      ["GET", "/auth/api/ws/anything"],
      ["GET", "/auth/ws/register"],
    ] as const) {
      const res = await http(server.publicUrl, method, path, { host: appHost });
      expect({ path, status: res.status, text: res.text }).toEqual({ path, status: 404, text: "" });
    }
    const socket = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: `http://${appHost}`, host: appHost }).catch((e) => e);
    expect(socket.status).toBe(404);
  });

  it("other hosts: UI paths are a 307 to the auth host without /auth, query kept", async () => {
    for (const [path, location] of [
      ["/", "/"],
      ["/auth", "/"],
      ["/auth/", "/"],
      ["/auth/admin", "/admin"],
      ["/auth/admin/", "/admin/"],
      ["/admin/", "/admin/"],
      [`/auth/${WORDS}`, `/${WORDS}`],
      [`/${WORDS}?x=1`, `/${WORDS}?x=1`],
      ["/auth/restricted", "/restricted"],
    ] as const) {
      const res = await http(server.publicUrl, "GET", path, { host: appHost });
      expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 307, location: `http://auth.localhost${location}` });
    }
    expect((await http(server.publicUrl, "POST", "/auth/admin/", { host: appHost, body: {} })).status).toBe(307);
    // Not a passphrase: not a UI path, so no redirect.
    expect((await http(server.publicUrl, "GET", "/auth/not-a-token", { host: appHost })).status).toBe(404);
  });

  it("other hosts: the unrestricted API is served", async () => {
    expect(await http(server.publicUrl, "POST", "/auth/api/validate", { host: appHost })).toMatchObject({ status: 401, body: { detail: "Authentication required" } });
    expect((await http(server.publicUrl, "GET", "/auth/api/forward", { host: appHost, headers: { accept: "application/json" } })).status).toBe(401);
    expect((await http(server.publicUrl, "GET", "/auth/api/settings", { host: appHost })).body).toEqual({ rp_id: "localhost", rp_name: "Test Auth", ui_base_path: "/", auth_host: "auth.localhost" });
  });

  it("the auth host: /auth/ UI paths move to the root; everything is served", async () => {
    for (const [path, location] of [
      ["/auth/", "/"],
      ["/auth/admin/", "/admin/"],
      [`/auth/${WORDS}`, `/${WORDS}`],
    ] as const) {
      const res = await http(server.publicUrl, "GET", path, { host: authHost });
      expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 307, location });
    }
    expect(await http(server.publicUrl, "GET", "/auth/api/admin/orgs", { host: authHost })).toMatchObject({ status: 401, body: { detail: "Authentication Required" } });
  });

  it("signs in on the auth host; links point at its root; the session works for forward auth there", async () => {
    const browser = new PasskeyBrowser(server.publicUrl, undefined, authHost);
    await browser.register("?name=Host");
    expect((await browser.call("PUT", "/auth/api/user/display-name", { body: { display_name: "Hosted" } })).status).toBe(200);
    const link = await browser.call("POST", "/auth/api/create-link");
    expect(link.body.url).toMatch(/^https:\/\/auth\.localhost\/[a-z]+(\.[a-z]+){4}$/);
    expect((await browser.call("GET", "/auth/api/forward")).status).toBe(204);
  });
});
