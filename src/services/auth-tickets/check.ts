import { decodeJwt } from "jose";
import type { Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";
import { DomainError } from "../errors/index.js";
import type { AccessTokens } from "./access-tokens.js";
import { AuthTicketErrorCode } from "./error-codes.js";
import type { RefreshCookies } from "./refresh-cookies.js";
import { liveSession, type LiveSession } from "./session-state.js";
import { ticketJwt } from "./ticket-parts.js";

export interface TicketContext {
  db: Db;
  clock: Clock;
  cookies: RefreshCookies;
  access: AccessTokens;
}

/** The two halves of a ticket as sent: `bearer <jwt>` or the bare JWT; absent ones null or undefined. */
export interface TicketParts {
  accessToken?: string | null;
  refreshToken?: string | null;
}

export type TicketCheck =
  /** No ticket at all (or, for the cookie alone, one past its time): the contract answers as anonymous. */
  | { outcome: "anonymous" }
  /** accessToken: a fresh token, when one is due. */
  | { outcome: "signed_in"; session: LiveSession; accessToken?: string };

/** When a signed-in check hands out an access token: on every call, or only in place of an expired one. */
export type FreshToken = "always" | "when_expired";

/**
 * Half a ticket (a token without its cookie, or the reverse): the deployed service's session
 * routes answer it as anonymous, as they do no ticket; internal authenticate refuses it, as the
 * document says ("throws an exception, if the cookie is empty").
 */
export type HalfTicket = "anonymous" | "refused";

const fail = (code: AuthTicketErrorCode, message: string) => new DomainError(code, message);
const notSignedIn = () => fail(AuthTicketErrorCode.NOT_SIGNED_IN, "not signed in");

async function signedIn(ctx: TicketContext, sessionId: string, numericId: number, fresh: boolean): Promise<TicketCheck> {
  const now = ctx.clock.now();
  const session = await liveSession(ctx.db, sessionId, numericId, now);
  if (!session) throw notSignedIn();
  const accessToken = fresh ? await ctx.access.issue(session.sessionId, session.numericId, now, session.expiresAt) : undefined;
  return { outcome: "signed_in", session, accessToken };
}

/**
 * who-am-i: the refreshId cookie alone, answered with a fresh access token. No cookie, or one past
 * its time, is anonymous (as the deployed service answers); a cookie this server did not sign, or
 * whose session has ended, is refused.
 */
export async function checkCookie(ctx: TicketContext, refreshToken: string | null | undefined): Promise<TicketCheck> {
  if (!refreshToken) return { outcome: "anonymous" };
  const cookie = await ctx.cookies.read(ticketJwt(refreshToken, "cookie"), ctx.clock.now());
  if (cookie === "expired") return { outcome: "anonymous" };
  return signedIn(ctx, cookie.sessionId, cookie.userId, true);
}

/**
 * A whole ticket, in this order: no part at all is anonymous; one part alone is anonymous or
 * refused (HalfTicket); a part that is no JWT is refused; then both signatures (the cookie's first: it is the credential that
 * outlives the token); the two must name the same session and user; then the session's row.
 * An expired access token is accepted beside a live cookie and replaced by a fresh one.
 */
export async function checkTicket(ctx: TicketContext, parts: TicketParts, fresh: FreshToken, half: HalfTicket): Promise<TicketCheck> {
  const { accessToken, refreshToken } = parts;
  if (!accessToken && !refreshToken) return { outcome: "anonymous" };
  if ((!accessToken || !refreshToken) && half === "anonymous") return { outcome: "anonymous" };
  if (!refreshToken) throw fail(AuthTicketErrorCode.MISSING_COOKIE, "the refreshId cookie is missing");
  if (!accessToken) throw fail(AuthTicketErrorCode.MISSING_TOKEN, "the access token is missing");
  const cookieJwt = ticketJwt(refreshToken, "cookie");
  const tokenJwt = ticketJwt(accessToken, "token");
  const cookie = await ctx.cookies.read(cookieJwt, ctx.clock.now());
  if (cookie === "expired") throw notSignedIn();
  const token = await ctx.access.read(tokenJwt);
  if (token.claims.sessionId !== cookie.sessionId || token.claims.userId !== cookie.userId) {
    throw fail(AuthTicketErrorCode.MISMATCHED_SESSION, "the access token and the refreshId cookie name different sessions");
  }
  return signedIn(ctx, cookie.sessionId, cookie.userId, fresh === "always" || token.expired);
}

/**
 * An access token alone, as a bearer of the graph: unexpired (a bearer has no cookie to refresh
 * it with), signed by this server, its session read now. The user it names acts on the graph.
 */
export async function checkAccessToken(ctx: TicketContext, accessToken: string): Promise<LiveSession> {
  const token = await ctx.access.read(ticketJwt(accessToken, "token"));
  if (token.expired) throw fail(AuthTicketErrorCode.INVALID_TOKEN, "the access token has expired");
  const session = await liveSession(ctx.db, token.claims.sessionId, token.claims.userId, ctx.clock.now());
  if (!session) throw notSignedIn();
  return session;
}

/** Whether a JWT has the shape of a ticket's access token (a numeric userId), signature unchecked: only to pick the rules that check it. */
export function isTicketShaped(jwt: string): boolean {
  try {
    return typeof decodeJwt(jwt).userId === "number";
  } catch {
    return false;
  }
}
