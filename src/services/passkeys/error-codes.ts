/** The passkey contract's own domain codes, beside the shared ones in errors/codes.ts. */
export const PasskeyErrorCode = {
  /** No session for the token, or it ended or expired. */
  SESSION_EXPIRED: "PASSKEY_SESSION_EXPIRED",
  /** The session was first used on another host. */
  SESSION_HOST_MISMATCH: "PASSKEY_SESSION_HOST_MISMATCH",
  /** The request's host is missing, or not the RP id or one of its subdomains. */
  INVALID_HOST: "PASSKEY_INVALID_HOST",
  RESET_TOKEN_INVALID: "PASSKEY_RESET_TOKEN_INVALID",
  /** The assertion names a credential nobody holds (deleted, or from another server). */
  PASSKEY_NOT_REGISTERED: "PASSKEY_NOT_REGISTERED",
  /** The browser's response did not verify: origin, RP id, challenge, signature or counter. */
  CEREMONY_FAILED: "PASSKEY_CEREMONY_FAILED",
  CREDENTIAL_NOT_FOUND: "PASSKEY_CREDENTIAL_NOT_FOUND",
  /** Registering a credential id that is already registered. */
  CREDENTIAL_EXISTS: "PASSKEY_CREDENTIAL_EXISTS",
} as const;

export type PasskeyErrorCode = (typeof PasskeyErrorCode)[keyof typeof PasskeyErrorCode];
