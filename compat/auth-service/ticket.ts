import type { IncomingMessage } from "node:http";
import { errorReply, type ErrorTable, type Reply } from "#compat/kit/index.js";
import type { Principal } from "#src/services/access/index.js";
import type { FreshToken, HalfTicket, TicketCheck } from "#src/services/auth-tickets/index.js";
import { DomainError } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";
import { changesState, type OriginCheck } from "#src/services/origins/index.js";
import { accessTokenOf, authenticationHeaders, refreshCookieOf, type CookieJar } from "./cookies.js";
import { envelope } from "./envelope.js";

type SignedIn = Extract<TicketCheck, { outcome: "signed_in" }>;

/** The check each request's principal came from, for the route's answer (the fresh token). */
const checks = new WeakMap<IncomingMessage, SignedIn>();

export function ticketOf(req: IncomingMessage): SignedIn {
  const check = checks.get(req);
  if (!check) throw new Error("auth-service route reached without a ticket check");
  return check;
}

/** The Authentication header of the answer, when the check handed out a fresh token. */
export function freshTokenHeaders(req: IncomingMessage): Record<string, string> {
  const { accessToken } = ticketOf(req);
  return accessToken ? authenticationHeaders(accessToken) : {};
}

/** The deployed service's answer to a request without a ticket: 200, anonymous data spread in. */
export const anonymousReply = (headers?: Record<string, string>): Reply => envelope(200, "anonymous", { userId: 0, sessionId: "0" }, headers);

/**
 * How a request of this contract names its caller: by its ticket, checked by the service itself,
 * not through a GraphQL document. This check runs on every ticket request, so it costs signature
 * checks remembered per token and one prepared statement, nothing more; the routes behind it then
 * run their documents as the ticket's user, under the graph's usual rules (own sessions only).
 * With `origins`, a POST or DELETE that carries the cookie is first checked against the allowed origins.
 */
export function ticketPrincipal(
  check: (req: IncomingMessage, services: Services) => Promise<TicketCheck>,
  anonymous: (req: IncomingMessage) => Reply,
  errors: ErrorTable,
  origins?: OriginCheck,
) {
  return async (req: IncomingMessage, services: Services): Promise<Principal | Reply> => {
    let result: TicketCheck;
    try {
      // A change made with the cookie must come from an allowed page (cross-site request forgery).
      const refusal = origins && changesState(req.method) && refreshCookieOf(req) !== undefined ? origins.refusal(req) : undefined;
      if (refusal) throw refusal;
      result = await check(req, services);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return errorReply(errors, { code: error.code, message: error.message, field: error.field, internal: false });
    }
    if (result.outcome === "anonymous") return anonymous(req);
    checks.set(req, result);
    const { session } = result;
    return { kind: "user", userId: session.userId, realmId: session.realmId, sessionId: session.sessionId, scopes: [] };
  };
}

/** A whole ticket (token and cookie); fresh: hand out a token every time, or only for an expired one; half: see HalfTicket. */
export const wholeTicket = (fresh: FreshToken, half: HalfTicket) => (req: IncomingMessage, services: Services) =>
  services.authTickets.checkTicket({ accessToken: accessTokenOf(req), refreshToken: refreshCookieOf(req) }, fresh, half);

/** who-am-i: the cookie alone. */
export const cookieOnly = (req: IncomingMessage, services: Services) => services.authTickets.checkCookie(refreshCookieOf(req));

/** who-am-i clears a cookie it answers as anonymous (one past its time), as the deployed service does. */
export const anonymousClearing = (cookies: CookieJar) => (req: IncomingMessage): Reply =>
  anonymousReply(refreshCookieOf(req) === undefined ? undefined : { "Set-Cookie": cookies.clear() });
