/**
 * Codes of the auth-service ticket rules (login, the ticket check). Each is one distinct answer;
 * compat/auth-service/errors.ts gives them the contract's status (403) and messages.
 */
export const AuthTicketErrorCode = {
  /** Login refused: a missing field, an unknown user, a wrong password, a locked, inactive or blocked user: one answer for all. */
  INVALID_CREDENTIALS: "AUTH_TICKET_INVALID_CREDENTIALS",
  /** A ticket part that is not a JWT (optionally after "bearer "). */
  MALFORMED_TICKET: "AUTH_TICKET_MALFORMED",
  /** An access token sent without its refreshId cookie. */
  MISSING_COOKIE: "AUTH_TICKET_MISSING_COOKIE",
  /** A refreshId cookie sent without its access token, where both are required. */
  MISSING_TOKEN: "AUTH_TICKET_MISSING_TOKEN",
  /** An access token this server did not sign (or signed with a key it no longer uses). */
  INVALID_TOKEN: "AUTH_TICKET_INVALID_TOKEN",
  /** A refreshId cookie this server did not sign. */
  INVALID_COOKIE: "AUTH_TICKET_INVALID_COOKIE",
  /** The access token and the cookie name different sessions. */
  MISMATCHED_SESSION: "AUTH_TICKET_MISMATCHED_SESSION",
  /** The session has ended (revoked anywhere, expired) or its user may no longer sign in. */
  NOT_SIGNED_IN: "AUTH_TICKET_NOT_SIGNED_IN",
} as const;

export type AuthTicketErrorCode = (typeof AuthTicketErrorCode)[keyof typeof AuthTicketErrorCode];
