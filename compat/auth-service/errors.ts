import { MalformedCode, type ErrorTable, type Reply } from "#compat/kit/index.js";
import { AuthTicketErrorCode as T } from "#src/services/auth-tickets/index.js";
import { ErrorCode } from "#src/services/errors/index.js";
import { RateLimitErrorCode } from "#src/services/rate-limits/index.js";
import { OriginErrorCode } from "#src/services/origins/index.js";
import type { CookieJar } from "./cookies.js";
import { envelope, invalidRequest } from "./envelope.js";

const refused = (message: string, headers?: Record<string, string>): Reply => envelope(403, message, {}, headers);

/** One message for every login failure, whatever the cause. */
export const LOGIN_FAILED = "Authentication failed! Wrong username or password";
export const NOT_YOUR_SESSION = "No such session among yours: a user can end only their own sessions";

/**
 * Domain codes to the contract's statuses and messages: the one table of this contract. A refusal
 * is 403 {success: false, message}; a refused cookie is also cleared, so a browser stops sending it.
 */
export function errorTable(cookies: CookieJar): ErrorTable {
  const clear = () => ({ "Set-Cookie": cookies.clear() });
  return {
    [T.INVALID_CREDENTIALS]: refused(LOGIN_FAILED),
    // The contract has no 429: a login while the user or address waits is a failed login.
    [RateLimitErrorCode.TOO_MANY_FAILURES]: refused(LOGIN_FAILED),
    [T.MALFORMED_TICKET]: (failure) =>
      refused(`Authentication failed! ${failure.message.charAt(0).toUpperCase()}${failure.message.slice(1)}`, failure.field === "refreshToken" ? clear() : undefined),
    [T.MISSING_COOKIE]: refused("Authentication failed! The refreshId cookie is missing"),
    [T.MISSING_TOKEN]: refused("Authentication failed! The Authentication header is missing"),
    [T.INVALID_TOKEN]: refused("Authentication failed! The access token is not valid"),
    [T.INVALID_COOKIE]: () => refused("Authentication failed! The refreshId cookie is not valid", clear()),
    [T.MISMATCHED_SESSION]: refused("Mismatched session"),
    [T.NOT_SIGNED_IN]: () => refused("Not signed in", clear()),
    // The cookie stays: it is the victim's, and the page that sent it is the one refused.
    [OriginErrorCode.ORIGIN_NOT_ALLOWED]: refused("Forbidden! The request's Origin is not allowed"),
    // clear-session-by-id: an id that is not one of the caller's sessions, whether it exists or not.
    [ErrorCode.SESSION_NOT_FOUND]: refused(NOT_YOUR_SESSION),
    [ErrorCode.FORBIDDEN]: refused(NOT_YOUR_SESSION),
    [ErrorCode.UNAUTHENTICATED]: refused("Authentication failed!"),
    [ErrorCode.BAD_USER_INPUT]: (failure) => invalidRequest(failure.message),
    [MalformedCode.MALFORMED_INPUT]: (failure) => invalidRequest(failure.message),
    [MalformedCode.MALFORMED_PATH]: (failure) => invalidRequest(failure.message),
    [ErrorCode.SERVICE_UNAVAILABLE]: envelope(503, "Service is unavailable"),
    [ErrorCode.INTERNAL]: envelope(500, "Internal server error"),
  };
}
