import type { IncomingMessage } from "node:http";
import { anonymous, type Principal } from "#src/services/access/index.js";
import { DomainError } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";
import { normalizeHost, type BrowserSession } from "#src/services/passkeys/index.js";
import { sessionCookieOf } from "./cookie.js";

/** What the request's cookie came to: none sent, a session, or a refusal in the rules' words. */
export type CookieSession =
  | { state: "none" }
  /** token: as sent, to re-send when renewed; renewalDue: validate should renew now. */
  | { state: "valid"; session: BrowserSession; token: string; renewalDue: boolean }
  | { state: "invalid"; failure: DomainError };

const found = new WeakMap<IncomingMessage, CookieSession>();

export const userPrincipal = (session: BrowserSession): Principal => ({ kind: "user", userId: session.userId, realmId: session.realmId, sessionId: session.sessionId, scopes: [] });

/** set-session names its session by a bearer token; every other path by the cookie. */
function tokenOf(req: IncomingMessage): string | undefined {
  // express strips a router's mount path from req.url; originalUrl keeps the whole path.
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "";
  if (!path.startsWith("/auth/api/set-session")) return sessionCookieOf(req);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

/** Reads the request's session once (one indexed statement) and remembers the outcome for the route. */
export async function readCookieSession(req: IncomingMessage, services: Services): Promise<CookieSession> {
  const known = found.get(req);
  if (known) return known;
  const token = tokenOf(req);
  let outcome: CookieSession;
  if (token === undefined) outcome = { state: "none" };
  else {
    try {
      const session = await services.passkeys.resolveSession(token, normalizeHost(req.headers.host));
      outcome = { state: "valid", session, token, renewalDue: services.passkeys.renewalDue(session) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcome = { state: "invalid", failure: error };
    }
  }
  found.set(req, outcome);
  return outcome;
}

/** The contract's principal: the cookie's user, or anonymous (each route decides what no session means for it). */
export async function cookiePrincipal(req: IncomingMessage, services: Services): Promise<Principal> {
  const outcome = await readCookieSession(req, services);
  return outcome.state === "valid" ? userPrincipal(outcome.session) : anonymous;
}

/** The outcome readCookieSession remembered for this request. */
export const cookieSessionOf = (req: IncomingMessage): CookieSession => found.get(req) ?? { state: "none" };
