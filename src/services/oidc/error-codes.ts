/**
 * Codes of the token, refresh, logout, userinfo, introspection and revocation rules. Each is
 * one distinct OAuth answer; compat/oidc/errors.ts gives them Keycloak's exact statuses and texts.
 */
export const OidcErrorCode = {
  REALM_DISABLED: "OIDC_REALM_DISABLED",
  /** Unknown or disabled client. */
  INVALID_CLIENT: "OIDC_INVALID_CLIENT",
  /** A confidential client with a wrong secret. */
  INVALID_CLIENT_CREDENTIALS: "OIDC_INVALID_CLIENT_CREDENTIALS",
  CLIENT_SECRET_MISSING: "OIDC_CLIENT_SECRET_MISSING",
  DIRECT_GRANT_NOT_ALLOWED: "OIDC_DIRECT_GRANT_NOT_ALLOWED",
  REFRESH_GRANT_NOT_ALLOWED: "OIDC_REFRESH_GRANT_NOT_ALLOWED",
  MISSING_USERNAME: "OIDC_MISSING_USERNAME",
  /** Unknown user or wrong password: one answer for both. */
  INVALID_USER_CREDENTIALS: "OIDC_INVALID_USER_CREDENTIALS",
  /** Locked or blocked user: refused whatever the password. */
  LOGIN_REFUSED: "OIDC_LOGIN_REFUSED",
  ACCOUNT_DISABLED: "OIDC_ACCOUNT_DISABLED",
  /** The password is past its grace period: it must be changed first (Keycloak's pending UPDATE_PASSWORD). */
  ACCOUNT_NOT_SET_UP: "OIDC_ACCOUNT_NOT_SET_UP",
  INVALID_SCOPE: "OIDC_INVALID_SCOPE",
  MISSING_REFRESH_TOKEN: "OIDC_MISSING_REFRESH_TOKEN",
  INVALID_REFRESH_TOKEN: "OIDC_INVALID_REFRESH_TOKEN",
  TOKEN_NOT_ACTIVE: "OIDC_TOKEN_NOT_ACTIVE",
  TOKEN_CLIENT_MISMATCH: "OIDC_TOKEN_CLIENT_MISMATCH",
  SESSION_NOT_ACTIVE: "OIDC_SESSION_NOT_ACTIVE",
  STALE_TOKEN: "OIDC_STALE_TOKEN",
  USER_DISABLED: "OIDC_USER_DISABLED",
  REFRESH_TOKEN_REUSE_EXCEEDED: "OIDC_REFRESH_TOKEN_REUSE_EXCEEDED",
  /** No bearer token where one is required (userinfo). */
  BEARER_TOKEN_MISSING: "OIDC_BEARER_TOKEN_MISSING",
  /** A bearer access token that is malformed, foreign, expired or whose session ended; the message says which. */
  INVALID_ACCESS_TOKEN: "OIDC_INVALID_ACCESS_TOKEN",
  INSUFFICIENT_SCOPE: "OIDC_INSUFFICIENT_SCOPE",
  /** No `token` parameter (introspection, revocation). */
  TOKEN_PARAMETER_MISSING: "OIDC_TOKEN_PARAMETER_MISSING",
  /** Introspection is for confidential clients. */
  CLIENT_NOT_ALLOWED: "OIDC_CLIENT_NOT_ALLOWED",
  /** Revocation of a token issued to another client. */
  UNMATCHING_CLIENT: "OIDC_UNMATCHING_CLIENT",
} as const;

export type OidcErrorCode = (typeof OidcErrorCode)[keyof typeof OidcErrorCode];
