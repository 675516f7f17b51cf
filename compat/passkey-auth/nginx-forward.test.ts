import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nginxBinary, startNginxFront, type ProxyFront } from "#test/support/passkeys/nginx.js";
import { http, PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

const nginx = nginxBinary();

describe.skipIf(!nginx)("forward auth behind Debian's nginx (auth_request)", () => {
  let server: TestServer;
  let adminLink: string;
  let front: ProxyFront;
  beforeAll(async () => {
    ({ server, adminLink } = (await startPasskeyServer()) as { server: TestServer; adminLink: string });
    front = await startNginxFront(nginx!, server.publicUrl, "auth:admin");
  });
  afterAll(async () => {
    await front?.stop();
    await server?.stop();
  });

  it("serves the protected page only to a session holding the permission, passing Remote-* on", async () => {
    const anonymous = await http(front.url, "GET", "/protected/", { host: `localhost:${new URL(front.url).port}` });
    expect(anonymous.status).toBe(401);

    // The whole sign-in goes through nginx too: the ceremonies' WebSockets and set-session.
    const viaProxy = new PasskeyBrowser(front.url);
    const passphrase = adminLink.split("/").at(-1);
    const { user_uuid } = await viaProxy.register(`?reset=${passphrase}`);
    const page = await viaProxy.call("GET", "/protected/");
    expect(page.status).toBe(200);
    expect(page.text).toBe("the protected page\n");
    expect(page.headers["x-remote-user"]).toBe(user_uuid);
    expect(page.headers["x-remote-groups"]).toMatch(/^auth:admin,auth:org:[0-9a-f-]{36}$/);

    const user = new PasskeyBrowser(front.url);
    await user.register("?name=Nobody");
    expect((await user.call("GET", "/protected/")).status).toBe(403);

    expect((await viaProxy.call("POST", "/auth/api/logout")).status).toBe(200);
    expect((await viaProxy.call("GET", "/protected/")).status).toBe(401);
  });

  it("refuses the page as soon as a Galaxy revoke-all has returned", async () => {
    const user = new PasskeyBrowser(front.url);
    const { user_uuid } = await user.register("?name=Revoked");
    const front403 = await user.call("GET", "/protected/");
    expect(front403.status).toBe(403);
    const revoke = await fetch(`${server.internalUrl}/api/v1/internal/users/${user_uuid}/sessions/revoke-all`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ reason_code: "compromised", actor: { type: "admin" } }),
    });
    expect(revoke.status).toBe(200);
    expect((await user.call("GET", "/protected/")).status).toBe(401);
  });
});
