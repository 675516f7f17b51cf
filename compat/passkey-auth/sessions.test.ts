import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { http, PasskeyBrowser, signedInAdmin, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

const MINUTE = 60_000;
const CLEARED = "__Host-auth=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax";

describe("passkey sessions, cookies, validate and forward", () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  const clock = new ManualClock();
  beforeAll(async () => {
    const started = await startPasskeyServer({ clock });
    server = started.server;
    admin = await signedInAdmin(server, started.adminLink!);
  });
  afterAll(() => server?.stop());

  const newUser = async (name = "User") => {
    const browser = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await browser.register(`?name=${name}`);
    return Object.assign(browser, { userId: user_uuid });
  };

  it("set-session sets __Host-auth with the contract's attributes; no bearer is 403, a bad one 401", async () => {
    const browser = new PasskeyBrowser(server.publicUrl);
    const outcome = await browser.ceremony("/auth/ws/register?name=Cookie", (o) => browser.authenticator.register({ publicKey: o }));
    const { session_token: token, user_uuid } = outcome.messages.at(-1);
    const set = await http(server.publicUrl, "POST", "/auth/api/set-session", { host: browser.host, headers: { authorization: `Bearer ${token}` } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ message: "Session cookie set successfully", user_uuid });
    expect(set.headers["set-cookie"]).toEqual([`__Host-auth=${token}; Max-Age=86400; Path=/; HttpOnly; Secure; SameSite=Lax`]);

    const none = await http(server.publicUrl, "POST", "/auth/api/set-session", { host: browser.host });
    expect(none).toMatchObject({ status: 403, body: { detail: "Not authenticated" } });
    const bad = await http(server.publicUrl, "POST", "/auth/api/set-session", { host: browser.host, headers: { authorization: "Bearer AAAAAAAAAAAAAAAA" } });
    expect(bad).toMatchObject({ status: 401, body: { detail: "Your session has expired. Please sign in again!" } });
    expect(bad.headers["set-cookie"]).toEqual([CLEARED]);
  });

  describe("validate", () => {
    it("401 without a cookie, and for a wrong-length, malformed or unknown one; each 401 clears the cookie", async () => {
      const none = await http(server.publicUrl, "POST", "/auth/api/validate", { host: "localhost" });
      expect(none).toMatchObject({ status: 401, body: { detail: "Authentication required" } });
      expect(none.headers["set-cookie"]).toEqual([CLEARED]);
      for (const cookie of ["short", "A".repeat(17), "AAAAAAAA%AAAAAAA", "AAAAAAAAAAAAAAAA", "\u00e9".repeat(16)]) {
        const res = await http(server.publicUrl, "POST", "/auth/api/validate", { host: "localhost", headers: { cookie: `__Host-auth=${encodeURIComponent(cookie)}` } });
        expect(res).toMatchObject({ status: 401, body: { detail: "Your session has expired. Please sign in again!" } });
        expect(res.headers["set-cookie"]).toEqual([CLEARED]);
      }
    });

    it("requires every listed permission, with case-sensitive * wildcards", async () => {
      const user = await newUser();
      for (const [query, status] of [
        ["", 200],
        ["?perm=auth:admin", 200],
        ["?perm=auth:*", 200],
        ["?perm=auth:admin&perm=auth:org:*", 200],
        ["?perm=*", 200],
        ["?perm=auth:admin&perm=app:read", 403],
        ["?perm=AUTH:*", 403],
        ["?perm=auth:ad", 403],
      ] as const) {
        const res = await admin.call("POST", `/auth/api/validate${query}`);
        expect(res.status, query).toBe(status);
        if (status === 403) expect(res.body).toEqual({ detail: "Permission required" });
      }
      expect((await user.call("POST", "/auth/api/validate?perm=auth:*")).status).toBe(403);
      expect((await user.call("POST", "/auth/api/validate")).body).toEqual({ valid: true, user_uuid: user.userId, renewed: false });
    });

    it("renews once five minutes of the 24 hours are used, re-sending the cookie; forward never renews", async () => {
      const user = await newUser();
      const expiresAt = async () => new Date((await user.call("GET", "/auth/api/forward")).headers["remote-session-expires"] as string).getTime();
      const first = await expiresAt();
      clock.advance(4 * MINUTE);
      const early = await user.call("POST", "/auth/api/validate");
      expect(early.body.renewed).toBe(false);
      expect(early.headers["set-cookie"]).toBeUndefined();
      clock.advance(2 * MINUTE);
      expect(await expiresAt()).toBe(first);
      const token = user.cookie;
      const due = await user.call("POST", "/auth/api/validate");
      expect(due.body).toEqual({ valid: true, user_uuid: user.userId, renewed: true });
      expect(due.headers["set-cookie"]).toEqual([`__Host-auth=${token}; Max-Age=86400; Path=/; HttpOnly; Secure; SameSite=Lax`]);
      expect(await expiresAt()).toBe(first + 6 * MINUTE);
      expect((await user.call("POST", "/auth/api/validate")).body.renewed).toBe(false);
    });

    it("refuses a session past its 24 hours", async () => {
      const user = await newUser();
      clock.advance(24 * 60 * MINUTE + 1000);
      const res = await user.call("POST", "/auth/api/validate");
      expect(res).toMatchObject({ status: 401, body: { detail: "Your session has expired. Please sign in again!" } });
      expect(user.cookie).toBeUndefined();
    });

    it("binds the session to the host it was first used on", async () => {
      const user = await newUser();
      const port = new URL(server.publicUrl).port;
      const elsewhere = await http(server.publicUrl, "POST", "/auth/api/validate", { host: `app.localhost:${port}`, headers: { cookie: `__Host-auth=${user.cookie}` } });
      expect(elsewhere).toMatchObject({ status: 401, body: { detail: "Session host mismatch" } });
      expect(elsewhere.headers["set-cookie"]).toEqual([CLEARED]);
      expect((await user.call("POST", "/auth/api/validate")).status).toBe(200);
    });

    it("opens sessions only for hosts on the RP id", async () => {
      const browser = new PasskeyBrowser(server.publicUrl);
      const outcome = await browser.ceremony("/auth/ws/register?name=Far", (o) => browser.authenticator.register({ publicKey: o }));
      const token = outcome.messages.at(-1).session_token;
      const res = await http(server.publicUrl, "POST", "/auth/api/set-session", { host: "example.com", headers: { authorization: `Bearer ${token}` } });
      expect(res).toMatchObject({ status: 400, body: { detail: "Host must be the same as or a subdomain of localhost" } });
    });

    it("refuses NUL and invalid UTF-8 in the query with a 400 {detail}", async () => {
      const user = await newUser();
      for (const query of ["?perm=a%00b", "?perm=%ff"]) {
        const res = await user.call("POST", `/auth/api/validate${query}`);
        expect(res.status).toBe(400);
        expect(res.body.detail).toMatch(/query/);
      }
    });
  });

  describe("forward", () => {
    it("answers 204 with the Remote-* headers", async () => {
      await admin.signIn();
      const info = (await admin.call("POST", "/auth/api/user-info")).body;
      const res = await admin.call("GET", "/auth/api/forward?perm=auth:admin");
      expect(res.status).toBe(204);
      expect(res.text).toBe("");
      expect(res.headers["remote-user"]).toBe(admin.userId);
      expect(res.headers["remote-name"]).toBe("Admin");
      expect(res.headers["remote-org"]).toBe(info.org.uuid);
      expect(res.headers["remote-org-name"]).toBe("Organization");
      expect(res.headers["remote-role"]).toBe(info.role.uuid);
      expect(res.headers["remote-role-name"]).toBe("Administration");
      expect(res.headers["remote-groups"]).toBe(["auth:admin", `auth:org:${info.org.uuid}`].sort().join(","));
      expect(res.headers["remote-session-expires"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(res.headers["remote-credential"]).toBe(info.credentials[0].credential_uuid);
    });

    it("passes a name outside ASCII as its UTF-8 bytes", async () => {
      const user = await newUser(encodeURIComponent("Zoë 😀"));
      const res = await user.call("GET", "/auth/api/forward");
      expect(res.status).toBe(204);
      expect(Buffer.from(res.headers["remote-name"] as string, "latin1").toString("utf8")).toBe("Zoë 😀");
      expect(await user.call("PUT", "/auth/api/display-name", { body: { display_name: "tab\there" } })).toMatchObject({ status: 400, body: { detail: "display_name must not contain control characters" } });
    });

    it("answers a browser with the HTML page and a program with JSON; 401 clears the cookie, 403 does not", async () => {
      const user = await newUser();
      const html = await http(server.publicUrl, "GET", "/auth/api/forward", { host: "localhost", headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
      expect(html.status).toBe(401);
      expect(html.headers["content-type"]).toMatch(/^text\/html/);
      expect(html.text).toMatch(/Sign in required/);
      expect(html.headers["set-cookie"]).toEqual([CLEARED]);
      const json = await http(server.publicUrl, "GET", "/auth/api/forward", { host: "localhost", headers: { accept: "application/json" } });
      expect(json).toMatchObject({ status: 401, body: { detail: "Authentication required" } });
      const forbidden = await user.call("GET", "/auth/api/forward?perm=auth:admin", { headers: { accept: "text/html" } });
      expect(forbidden.status).toBe(403);
      expect(forbidden.text).toMatch(/Permission required/);
      expect(forbidden.headers["set-cookie"]).toBeUndefined();
      const forbiddenJson = await user.call("GET", "/auth/api/forward?perm=auth:admin", { headers: { accept: "application/json" } });
      expect(forbiddenJson).toMatchObject({ status: 403, body: { detail: "Permission required" } });
    });
  });

  describe("signing out and ending sessions", () => {
    it("logout ends the session and clears the cookie; without one it is already done", async () => {
      const user = await newUser();
      const token = user.cookie;
      expect(await user.call("POST", "/auth/api/logout")).toMatchObject({ status: 200, body: { message: "Logged out successfully" } });
      expect(user.cookie).toBeUndefined();
      expect((await user.call("POST", "/auth/api/logout")).body).toEqual({ message: "Already logged out" });
      user.cookie = token;
      expect((await user.call("POST", "/auth/api/validate")).status).toBe(401);
    });

    for (const path of ["/auth/api/user/logout-all", "/auth/api/logout-all"]) {
      it(`${path} ends every session of the user, on every host`, async () => {
        const user = await newUser();
        const other = new PasskeyBrowser(server.publicUrl, user.authenticator, `app.localhost:${new URL(server.publicUrl).port}`);
        await other.signIn();
        expect((await user.call("POST", path)).body).toEqual({ message: "Logged out from all hosts" });
        expect(user.cookie).toBeUndefined();
        expect((await other.call("POST", "/auth/api/validate")).status).toBe(401);
        expect((await user.call("POST", path)).body).toEqual({ message: "Already logged out" });
      });
    }

    for (const prefix of ["/auth/api", "/auth/api/user"]) {
      it(`DELETE ${prefix}/session/{id}: own sessions only; a malformed id is 400`, async () => {
        const user = await newUser();
        const second = new PasskeyBrowser(server.publicUrl, user.authenticator);
        await second.signIn();
        const stranger = await newUser();
        const sessions = (await user.call("POST", "/auth/api/user-info")).body.sessions as { id: string; is_current: boolean }[];
        const mine = sessions.find((s) => s.is_current)!.id;
        const theirs = (await stranger.call("POST", "/auth/api/user-info")).body.sessions[0].id;
        const others = sessions.find((s) => !s.is_current)!.id;

        expect(await user.call("DELETE", `${prefix}/session/not-a-session`)).toMatchObject({ status: 400, body: { detail: "Invalid session identifier" } });
        expect(await user.call("DELETE", `${prefix}/session/a%00b`)).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/NUL/) } });
        expect(await user.call("DELETE", `${prefix}/session/%ff%fe`)).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/UTF-8/) } });
        expect(await user.call("DELETE", `${prefix}/session/${theirs}`)).toMatchObject({ status: 404, body: { detail: "Session not found" } });
        expect((await stranger.call("POST", "/auth/api/validate")).status).toBe(200);
        expect(await user.call("DELETE", `${prefix}/session/${others}`)).toMatchObject({ status: 200, body: { status: "ok", current_session_terminated: false } });
        expect((await second.call("POST", "/auth/api/validate")).status).toBe(401);
        const own = await user.call("DELETE", `${prefix}/session/${mine}`);
        expect(own.body).toEqual({ status: "ok", current_session_terminated: true });
        expect(own.headers["set-cookie"]).toEqual([CLEARED]);
      });
    }

    it("a Galaxy revoke-all ends passkey sessions, as does a block", async () => {
      const user = await newUser();
      const res = await fetch(`${server.internalUrl}/api/v1/internal/users/${user.userId}/sessions/revoke-all`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason_code: "compromised", actor: { type: "admin" } }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { affected_session_count: number }).affected_session_count).toBe(1);
      expect((await user.call("POST", "/auth/api/validate")).status).toBe(401);

      await user.signIn();
      expect((await user.call("GET", "/auth/api/forward")).status).toBe(204);
      const block = await fetch(`${server.internalUrl}/api/v1/internal/user-blocks`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user_id: user.userId, reason_code: "abuse", actor: { type: "admin" } }),
      });
      expect(block.status).toBe(200);
      expect((await user.call("GET", "/auth/api/forward", { headers: { accept: "application/json" } })).status).toBe(401);
    });
  });
});
