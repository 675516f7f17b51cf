/** Failures of a broker login that are not credential failures (those are an outcome, not an error). */
export const AuthenticationErrorCode = {
  /** The relying-party origin given for WebAuthn is not one of RP_ORIGINS. */
  AUTHENTICATION_RP_ORIGIN_NOT_ALLOWED: "AUTHENTICATION_RP_ORIGIN_NOT_ALLOWED",
} as const;
