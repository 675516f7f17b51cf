import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { openSocket, PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

describe("passkey ceremonies over WebSocket", () => {
  let server: TestServer;
  beforeAll(async () => {
    ({ server } = await startPasskeyServer());
  });
  afterAll(() => server?.stop());

  const rows = async () => {
    const db = server.database.db;
    const [credentials] = await db.select({ n: count() }).from(tables.passkeyCredentials);
    const [sessions] = await db.select({ n: count() }).from(tables.passkeySessions);
    const [users] = await db.select({ n: count() }).from(tables.users);
    return { credentials: credentials!.n, sessions: sessions!.n, users: users!.n };
  };

  it("registers a new user, sets the cookie, and signs in again with the same passkey", async () => {
    const browser = new PasskeyBrowser(server.publicUrl);
    const registered = await browser.register("?name=Ada");
    expect(registered).toMatchObject({ message: "New credential added successfully" });
    expect(registered.session_token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(browser.cookie).toBe(registered.session_token);

    const info = await browser.call("POST", "/auth/api/user-info");
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ authenticated: true, user: { user_uuid: registered.user_uuid, user_name: "Ada", visits: 1 } });
    expect(new Date(info.body.user.last_seen).getTime()).toBeGreaterThanOrEqual(new Date(info.body.user.created_at).getTime());
    expect(info.body.credentials).toEqual([expect.objectContaining({ credential_uuid: registered.credential_uuid, is_current_session: true, aaguid: "00000000-0000-0000-0000-000000000000" })]);

    browser.cookie = undefined;
    const signedIn = await browser.signIn();
    expect(signedIn.user_uuid).toBe(registered.user_uuid);
    expect(signedIn.session_token).not.toBe(registered.session_token);
    const validate = await browser.call("POST", "/auth/api/validate");
    expect(validate.body).toEqual({ valid: true, user_uuid: registered.user_uuid, renewed: false });
  });

  it("sends creation options for a resident key, excluding the signed-in user's passkeys, and adds a second passkey", async () => {
    const browser = new PasskeyBrowser(server.publicUrl);
    const first = await browser.register("?name=Bea");
    const socket = await openSocket(server.publicUrl, "/auth/ws/register", { origin: browser.origin, host: browser.host, cookie: browser.cookie });
    const options = await socket.next();
    expect(options).toMatchObject({ rp: { id: "localhost", name: "Test Auth" }, authenticatorSelection: { residentKey: "required", userVerification: "preferred" } });
    expect(options.excludeCredentials.map((c: { id: string }) => c.id)).toEqual(browser.authenticator.credentialIds);
    socket.ws.send(JSON.stringify(browser.authenticator.register({ publicKey: options })));
    const outcome = await socket.outcome;
    const added = outcome.messages.at(-1);
    expect(added.user_uuid).toBe(first.user_uuid);
    expect(added.credential_uuid).not.toBe(first.credential_uuid);
    expect(outcome.closeCode).toBe(1000);
  });

  it("signs in with discoverable credentials: no allowCredentials, user verification preferred", async () => {
    const socket = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: `http://localhost:${new URL(server.publicUrl).port}`, host: `localhost:${new URL(server.publicUrl).port}` });
    const options = await socket.next();
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "preferred" });
    expect(options.allowCredentials ?? []).toEqual([]);
    socket.ws.close();
  });

  describe("refuses, with {detail} and a close, and changes nothing", () => {
    let browser: PasskeyBrowser;
    beforeAll(async () => {
      browser = new PasskeyBrowser(server.publicUrl);
      await browser.register("?name=Cy");
      browser.cookie = undefined;
    });

    const refused = async (path: string, answer: (options: any) => unknown, detail: RegExp | string) => {
      const before = await rows();
      const outcome = await browser.ceremony(path, answer);
      expect(outcome.messages.at(-1)).toEqual({ detail: expect.stringMatching(detail) });
      expect(outcome.closeCode).toBe(1008);
      expect(outcome.closeReason).toMatch(typeof detail === "string" ? detail : detail);
      expect(await rows()).toEqual(before);
    };

    it("a response from another origin", async () => {
      await refused("/auth/ws/authenticate", (o) => browser.authenticator.authenticate({ publicKey: o }, { origin: "https://evil.example" }), /could not be verified.*origin/i);
      await refused("/auth/ws/register?name=X", (o) => browser.authenticator.register({ publicKey: o }, { origin: "http://localhost:1" }), /could not be verified.*origin/i);
    });

    it("a response for another RP id", async () => {
      await refused("/auth/ws/authenticate", (o) => browser.authenticator.authenticate({ publicKey: o }, { rpId: "example.com" }), /could not be verified.*RP ID/i);
      await refused("/auth/ws/register?name=X", (o) => browser.authenticator.register({ publicKey: o }, { rpId: "example.com" }), /could not be verified.*RP ID/i);
    });

    it("a replayed challenge", async () => {
      let spent = "";
      await browser.signIn({}).then(() => (browser.cookie = undefined));
      const first = await browser.ceremony("/auth/ws/authenticate", (o) => ((spent = o.challenge), browser.authenticator.authenticate({ publicKey: o })));
      expect(first.messages.at(-1).session_token).toBeDefined();
      await refused("/auth/ws/authenticate", (o) => browser.authenticator.authenticate({ publicKey: o }, { challenge: spent }), /could not be verified.*challenge/i);
    });

    it("a signature counter that goes backwards (a cloned key)", async () => {
      await browser.signIn({ counter: 50 });
      browser.cookie = undefined;
      await refused("/auth/ws/authenticate", (o) => browser.authenticator.authenticate({ publicKey: o }, { counter: 10 }), /counter/i);
    });

    it("a passkey that is not registered", async () => {
      const stranger = new PasskeyBrowser(server.publicUrl);
      stranger.authenticator.register({ publicKey: { challenge: "AAAA", rp: { id: "localhost" } } });
      const before = await rows();
      const outcome = await stranger.ceremony("/auth/ws/authenticate", (o) => stranger.authenticator.authenticate({ publicKey: o }));
      expect(outcome.messages.at(-1)).toEqual({ detail: "This passkey is no longer registered with Test Auth" });
      expect(await rows()).toEqual(before);
    });

    it("malformed messages: not JSON, not an object, binary, NUL characters, not a credential", async () => {
      for (const [payload, detail] of [
        ["{not json", "Message is not valid JSON"],
        ["[1,2]", "Message must be a JSON object"],
        [JSON.stringify({ id: "a\u0000b", response: {} }), /NUL/],
        [JSON.stringify({ hello: "world" }), /response must be the browser's PublicKeyCredential JSON/],
      ] as const) {
        const before = await rows();
        const socket = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: browser.origin, host: browser.host });
        await socket.next();
        socket.ws.send(payload);
        const outcome = await socket.outcome;
        expect(outcome.messages.at(-1)).toEqual({ detail: expect.stringMatching(detail) });
        expect(outcome.closeCode).toBe(1008);
        expect(await rows()).toEqual(before);
      }
      const socket = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: browser.origin, host: browser.host });
      await socket.next();
      socket.ws.send(Buffer.from("{}"), { binary: true });
      expect((await socket.outcome).messages.at(-1)).toEqual({ detail: "Messages must be JSON text" });
    });

    it("an oversized frame: {detail} and a close 1009 with its reason; a huge one is dropped by ws with 1009", async () => {
      const before = await rows();
      const socket = await openSocket(server.publicUrl, "/auth/ws/register?name=Big", { origin: browser.origin, host: browser.host });
      await socket.next();
      socket.ws.send(JSON.stringify({ id: "x", response: { pad: "a".repeat(100_000) } }));
      const outcome = await socket.outcome;
      expect(outcome.messages.at(-1)).toEqual({ detail: "Message is larger than 65536 bytes" });
      expect(outcome).toMatchObject({ closeCode: 1009, closeReason: "Message is larger than 65536 bytes" });
      const huge = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: browser.origin, host: browser.host });
      await huge.next();
      huge.ws.send("x".repeat(2 * 1024 * 1024));
      expect((await huge.outcome).closeCode).toBe(1009);
      expect(await rows()).toEqual(before);
    });

    it("invalid UTF-8 in a text frame closes the socket with 1007", async () => {
      const socket = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: browser.origin, host: browser.host });
      await socket.next();
      // ws validates UTF-8 on receipt; send raw bytes as a text frame by skipping the client's own check.
      (socket.ws as unknown as { _sender: { send(data: Buffer, options: object): void } })._sender.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false, fin: true, mask: true, compress: false, rsv1: false, opcode: 1 });
      const outcome = await socket.outcome;
      expect(outcome.closeCode).toBe(1007);
    });

    it("a client that never answers: the ceremony times out and the socket closes", async () => {
      const socket = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin: browser.origin, host: browser.host });
      await socket.next();
      const started = Date.now();
      const outcome = await socket.outcome;
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
      expect(outcome.messages.at(-1)).toEqual({ detail: "Timed out waiting for the authenticator" });
      expect(outcome.closeCode).toBe(1008);
      expect(outcome.closeReason).toBe("Timed out waiting for the authenticator");
    }, 15_000);

    it("an upgrade from an origin outside the RP id, or without one", async () => {
      for (const origin of ["https://evil.example", "http://example.com", undefined]) {
        const refusal = await openSocket(server.publicUrl, "/auth/ws/authenticate", { origin, host: browser.host }).catch((e) => e);
        expect(refusal.status).toBe(403);
        expect(JSON.parse(refusal.body)).toEqual({ detail: "Origin must be https on localhost or one of its subdomains" });
      }
    });

    it("a query string with NUL or invalid UTF-8", async () => {
      for (const query of ["?name=a%00b", "?name=%ff%fe"]) {
        const refusal = await openSocket(server.publicUrl, `/auth/ws/register${query}`, { origin: browser.origin, host: browser.host }).catch((e) => e);
        expect(refusal.status).toBe(400);
        expect(JSON.parse(refusal.body).detail).toMatch(/query/);
      }
    });

    it("registration with a cookie that names no session", async () => {
      const before = await rows();
      const stale = new PasskeyBrowser(server.publicUrl);
      stale.cookie = "AAAAAAAAAAAAAAAA";
      const outcome = await stale.ceremony("/auth/ws/register", (o) => stale.authenticator.register({ publicKey: o }));
      expect(outcome.messages).toEqual([{ detail: "You must be signed in to Test Auth to add a new passkey" }]);
      expect(await rows()).toEqual(before);
    });

    it("a display name that is too long", async () => {
      const outcome = await browser.ceremony(`/auth/ws/register?name=${"n".repeat(65)}`, (o) => browser.authenticator.register({ publicKey: o }));
      expect(outcome.messages).toEqual([{ detail: "display_name too long" }]);
    });
  });
});
