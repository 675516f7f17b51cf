import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { http, PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

const MINUTE = 60_000;

describe("a passkey user's own account", () => {
  let server: TestServer;
  const clock = new ManualClock();
  beforeAll(async () => {
    ({ server } = await startPasskeyServer({ clock }));
  });
  afterAll(() => server?.stop());

  const newUser = async (name = "User") => {
    const browser = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await browser.register(`?name=${name}`);
    return Object.assign(browser, { userId: user_uuid });
  };

  for (const prefix of ["/auth/api", "/auth/api/user"]) {
    it(`PUT ${prefix}/display-name`, async () => {
      const user = await newUser();
      expect(await user.call("PUT", `${prefix}/display-name`, { body: { display_name: "Grace" } })).toMatchObject({ status: 200, body: { status: "ok" } });
      expect((await user.call("POST", "/auth/api/user-info")).body.user.user_name).toBe("Grace");
      expect(await user.call("PUT", `${prefix}/display-name`, { body: { display_name: "  " } })).toMatchObject({ status: 400, body: { detail: "display_name required" } });
      expect(await user.call("PUT", `${prefix}/display-name`, { body: { display_name: "x".repeat(65) } })).toMatchObject({ status: 400, body: { detail: "display_name too long" } });
      expect(await user.call("PUT", `${prefix}/display-name`, { body: { display_name: "a\u0000b" } })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/NUL/) } });
      expect(await user.call("PUT", `${prefix}/display-name`, { raw: Buffer.from([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), headers: { "content-type": "application/json" } })).toMatchObject({
        status: 400,
        body: { detail: expect.stringMatching(/UTF-8/) },
      });
      expect(await user.call("PUT", `${prefix}/display-name`, { raw: "{nope", headers: { "content-type": "application/json" } })).toMatchObject({ status: 400, body: { detail: "request body is not valid JSON" } });
      expect((await user.call("POST", "/auth/api/user-info")).body.user.user_name).toBe("Grace");
      const anonymous = await http(server.publicUrl, "PUT", `${prefix}/display-name`, { host: "localhost", body: { display_name: "X" } });
      expect(anonymous).toMatchObject({ status: 401, body: { detail: "Authentication Required" } });
    });

    it(`DELETE ${prefix}/credential/{uuid}: own passkeys only`, async () => {
      const user = await newUser();
      const stranger = await newUser();
      const credential = (await user.call("POST", "/auth/api/user-info")).body.credentials[0].credential_uuid;
      expect(await stranger.call("DELETE", `${prefix}/credential/${credential}`)).toMatchObject({ status: 404, body: { detail: "Credential not found" } });
      expect(await stranger.call("DELETE", `${prefix}/credential/nonsense`)).toMatchObject({ status: 404, body: { detail: "Credential not found" } });
      expect(await user.call("DELETE", `${prefix}/credential/${credential}`)).toMatchObject({ status: 200, body: { message: "Credential deleted successfully" } });
      const outcome = await user.ceremony("/auth/ws/authenticate", (o) => user.authenticator.authenticate({ publicKey: o }));
      expect(outcome.messages.at(-1)).toEqual({ detail: "This passkey is no longer registered with Test Auth" });
    });
  }

  it("create-link makes a five-word device-addition link for 24 hours; user-info?reset= describes it; registering spends it", async () => {
    const user = await newUser("Dana");
    const created = await user.call("POST", "/auth/api/create-link");
    expect(created.body).toMatchObject({ message: "Registration link generated successfully" });
    const passphrase = created.body.url.split("/").at(-1);
    expect(created.body.url).toBe(`${server.config.publicUrl}/auth/${passphrase}`);
    expect(passphrase).toMatch(/^[a-z]+(\.[a-z]+){4}$/);
    expect(new Date(created.body.expires).getTime()).toBe(clock.now().getTime() + 24 * 60 * MINUTE);
    expect((await user.call("POST", "/auth/api/user/create-link")).status).toBe(200);

    const info = await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${passphrase}`, { host: "localhost" });
    expect(info.body).toEqual({ authenticated: false, session_type: "device addition", user: { user_uuid: user.userId, user_name: "Dana" } });

    const device = new PasskeyBrowser(server.publicUrl);
    expect((await device.register(`?reset=${passphrase}`)).user_uuid).toBe(user.userId);
    expect((await device.call("POST", "/auth/api/user-info")).body.credentials).toHaveLength(2);
    const spent = await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${passphrase}`, { host: "localhost" });
    expect(spent).toMatchObject({ status: 401, body: { detail: "The reset link for Test Auth is invalid or has expired" } });
    const again = await device.ceremony(`/auth/ws/register?reset=${passphrase}`, (o) => device.authenticator.register({ publicKey: o }));
    expect(again.messages).toEqual([{ detail: "The reset link for Test Auth is invalid or has expired" }]);
  });

  it("a reset link expires after 24 hours; a malformed one is refused", async () => {
    const user = await newUser();
    const passphrase = (await user.call("POST", "/auth/api/create-link")).body.url.split("/").at(-1);
    clock.advance(24 * 60 * MINUTE + 1000);
    const expired = await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${passphrase}`, { host: "localhost" });
    expect(expired).toMatchObject({ status: 401, body: { detail: "The reset link for Test Auth is invalid or has expired" } });
    const malformed = await http(server.publicUrl, "POST", "/auth/api/user-info?reset=not-words", { host: "localhost" });
    expect(malformed).toMatchObject({ status: 401, body: { detail: "Invalid reset token" } });
  });

  it("user-info without a session is 401; unknown paths are 404 {detail}; settings describe the RP", async () => {
    expect(await http(server.publicUrl, "POST", "/auth/api/user-info", { host: "localhost" })).toMatchObject({ status: 401, body: { detail: "Authentication Required" } });
    expect(await http(server.publicUrl, "GET", "/auth/api/nothing-here", { host: "localhost" })).toMatchObject({ status: 404, body: { detail: "Not Found" } });
    expect((await http(server.publicUrl, "GET", "/auth/api/settings", { host: "localhost" })).body).toEqual({ rp_id: "localhost", rp_name: "Test Auth", ui_base_path: "/auth/", auth_host: null });
  });
});
