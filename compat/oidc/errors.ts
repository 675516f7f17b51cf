import { MalformedCode, reply, type ErrorTable, type Reply } from "#compat/kit/index.js";
import { ErrorCode } from "#src/services/errors/index.js";
import { OidcErrorCode as O } from "#src/services/oidc/index.js";
import { RateLimitErrorCode } from "#src/services/rate-limits/index.js";

/** Keycloak sets these on every token endpoint answer; no OAuth answer should sit in a cache. */
export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export const oauthError = (status: number, error: string, description: string, headers: Record<string, string> = {}): Reply =>
  reply(status, { error, error_description: description }, { ...NO_STORE, ...headers });

const quoted = (value: string) => value.replace(/["\\]/g, "");

/** RFC 6750 §3: a bearer failure names itself in WWW-Authenticate too. */
const bearer = (status: number, error: string, wwwError: string, description: string): Reply =>
  oauthError(status, error, description, { "WWW-Authenticate": `Bearer error="${wwwError}", error_description="${quoted(description)}"` });

/** A request the contract cannot read (wrong content type, bad encoding, too large): always an OAuth body. */
export const invalidRequest = (message: string, status = 400): Reply => oauthError(status, "invalid_request", message);

/** Answers the routes give before any rule runs (Keycloak's TokenEndpoint checks). */
export const missingGrantType = oauthError(400, "invalid_request", "Missing form parameter: grant_type");
export const unsupportedGrantType = oauthError(400, "unsupported_grant_type", "Unsupported grant_type");
export const duplicatedParameter = oauthError(400, "invalid_request", "duplicated parameter");
export const notAForm = invalidRequest("Content-Type must be application/x-www-form-urlencoded");

const realmNotFound = reply(404, { error: "Realm does not exist" }, NO_STORE);

/** Domain codes to Keycloak's statuses and bodies: the one table of this contract. */
export const errors: ErrorTable = {
  [ErrorCode.REALM_NOT_FOUND]: realmNotFound,
  // A realm segment that does not decode (or holds NUL) names no realm; a malformed form field is the NUL username's 400.
  [MalformedCode.MALFORMED_PATH]: realmNotFound,
  [MalformedCode.MALFORMED_INPUT]: (failure) => invalidRequest(failure.message),
  [O.REALM_DISABLED]: oauthError(403, "access_denied", "Realm not enabled"),
  [O.INVALID_CLIENT]: oauthError(401, "invalid_client", "Invalid client or Invalid client credentials"),
  [O.INVALID_CLIENT_CREDENTIALS]: oauthError(401, "unauthorized_client", "Invalid client or Invalid client credentials"),
  [O.CLIENT_SECRET_MISSING]: oauthError(401, "unauthorized_client", "Client secret not provided in request"),
  [O.DIRECT_GRANT_NOT_ALLOWED]: oauthError(400, "unauthorized_client", "Client not allowed for direct access grants"),
  [O.REFRESH_GRANT_NOT_ALLOWED]: oauthError(400, "unauthorized_client", "Client not allowed for refresh token grant"),
  [O.MISSING_USERNAME]: oauthError(401, "invalid_request", "Missing parameter: username"),
  [O.INVALID_USER_CREDENTIALS]: oauthError(401, "invalid_grant", "Invalid user credentials"),
  [O.LOGIN_REFUSED]: oauthError(400, "invalid_grant", "Invalid user credentials"),
  // Keycloak's answer to a temporarily locked user; a waiting client gets its bad-secret answer.
  [RateLimitErrorCode.TOO_MANY_FAILURES]: (failure) =>
    failure.field === "clientSecret"
      ? oauthError(401, "unauthorized_client", "Invalid client or Invalid client credentials")
      : oauthError(400, "invalid_grant", "Invalid user credentials"),
  [O.ACCOUNT_DISABLED]: oauthError(400, "invalid_grant", "Account disabled"),
  [O.ACCOUNT_NOT_SET_UP]: oauthError(400, "invalid_grant", "Account is not fully set up"),
  [O.INVALID_SCOPE]: (failure) => oauthError(400, "invalid_scope", failure.message),
  [O.MISSING_REFRESH_TOKEN]: oauthError(400, "invalid_request", "No refresh token"),
  [O.INVALID_REFRESH_TOKEN]: oauthError(400, "invalid_grant", "Invalid refresh token"),
  [O.TOKEN_NOT_ACTIVE]: oauthError(400, "invalid_grant", "Token is not active"),
  [O.TOKEN_CLIENT_MISMATCH]: oauthError(400, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match"),
  [O.SESSION_NOT_ACTIVE]: oauthError(400, "invalid_grant", "Session not active"),
  [O.STALE_TOKEN]: oauthError(400, "invalid_grant", "Stale token"),
  [O.USER_DISABLED]: oauthError(400, "invalid_grant", "User disabled"),
  [O.REFRESH_TOKEN_REUSE_EXCEEDED]: oauthError(400, "invalid_grant", "Maximum allowed refresh token reuse exceeded"),
  [O.BEARER_TOKEN_MISSING]: bearer(401, "unauthorized", "invalid_request", "Token not provided"),
  // The rules word the reason (Token verification failed, Token is not active, Session not active, ...).
  [O.INVALID_ACCESS_TOKEN]: (failure) => bearer(401, "unauthorized", "invalid_token", failure.message),
  [O.INSUFFICIENT_SCOPE]: bearer(403, "insufficient_scope", "insufficient_scope", "Missing openid scope"),
  [O.TOKEN_PARAMETER_MISSING]: oauthError(400, "invalid_request", "Token not provided"),
  [O.CLIENT_NOT_ALLOWED]: oauthError(403, "invalid_request", "Client not allowed."),
  [O.UNMATCHING_CLIENT]: oauthError(400, "unauthorized_client", "Unmatching clients"),
  [ErrorCode.BAD_USER_INPUT]: (failure) => invalidRequest(failure.message),
  [ErrorCode.SERVICE_UNAVAILABLE]: oauthError(503, "temporarily_unavailable", "Service is unavailable"),
  [ErrorCode.INTERNAL]: oauthError(500, "server_error", "Internal server error"),
};
