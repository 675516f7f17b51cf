import { SoftAuthenticator, type CeremonyOverrides } from "../id-broker/soft-authenticator.js";
import { cookieSet, http, type HttpAnswer } from "./http.js";
import { openSocket, type SocketOutcome } from "./socket.js";

export const RP_ID = "localhost";

/**
 * A browser for the passkey contract: a software authenticator (real P-256 keys, CBOR, signatures),
 * the page's origin and host, and the `__Host-auth` cookie it holds, as a real browser would.
 */
export class PasskeyBrowser {
  readonly host: string;
  readonly origin: string;
  cookie: string | undefined;

  constructor(readonly baseUrl: string, readonly authenticator = new SoftAuthenticator(`http://localhost:${new URL(baseUrl).port}`, RP_ID), host?: string) {
    this.host = host ?? `localhost:${new URL(baseUrl).port}`;
    this.origin = `http://${this.host}`;
  }

  /** The same authenticator and cookie, on another server instance (and the same page host). */
  on(baseUrl: string): PasskeyBrowser {
    const other = new PasskeyBrowser(baseUrl, this.authenticator, this.host);
    other.cookie = this.cookie;
    return other;
  }

  /** One request from the page: its host, its cookie; a Set-Cookie answer updates the cookie. */
  async call(method: string, path: string, options: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const headers = { ...(this.cookie ? { cookie: `__Host-auth=${this.cookie}` } : {}), ...options.headers };
    const answer = await http(this.baseUrl, method, path, { host: this.host, headers, body: options.body, raw: options.raw });
    const set = cookieSet(answer);
    if (set !== undefined) this.cookie = set || undefined;
    return answer;
  }

  /** A full ceremony: options in, the authenticator's answer out, the outcome; overrides make it lie. */
  async ceremony(path: string, answer: (options: any) => unknown, origin = this.origin): Promise<SocketOutcome> {
    const socket = await openSocket(this.baseUrl, path, { origin, host: this.host, cookie: this.cookie });
    const options = await socket.next();
    if (options.detail) return socket.outcome;
    socket.ws.send(JSON.stringify(answer(options)));
    return socket.outcome;
  }

  /** Registers a passkey (`query`: `?reset=…`, `?name=…`), then sets the cookie from the token as the UI does. */
  async register(query = "", overrides: CeremonyOverrides = {}): Promise<{ user_uuid: string; credential_uuid: string; session_token: string }> {
    const outcome = await this.ceremony(`/auth/ws/register${query}`, (options) => this.authenticator.register({ publicKey: options }, { origin: this.origin, ...overrides }));
    const last = outcome.messages.at(-1);
    if (!last?.session_token) throw new Error(`registration failed: ${JSON.stringify(last)} (${outcome.closeCode} ${outcome.closeReason})`);
    await this.setSession(last.session_token);
    return last;
  }

  /** Signs in with one of the authenticator's passkeys, then sets the cookie. */
  async signIn(overrides: CeremonyOverrides & { credentialId?: string } = {}): Promise<{ user_uuid: string; session_token: string }> {
    const outcome = await this.ceremony("/auth/ws/authenticate", (options) => this.authenticator.authenticate({ publicKey: options }, { origin: this.origin, ...overrides }));
    const last = outcome.messages.at(-1);
    if (!last?.session_token) throw new Error(`sign-in failed: ${JSON.stringify(last)} (${outcome.closeCode} ${outcome.closeReason})`);
    await this.setSession(last.session_token);
    return last;
  }

  async setSession(token: string): Promise<HttpAnswer> {
    const answer = await http(this.baseUrl, "POST", "/auth/api/set-session", { host: this.host, headers: { authorization: `Bearer ${token}` } });
    const set = cookieSet(answer);
    if (set !== undefined) this.cookie = set || undefined;
    return answer;
  }
}
