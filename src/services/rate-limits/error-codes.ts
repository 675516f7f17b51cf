/** The refusal of a credential check while its account or client address waits after failures. */
export const RateLimitErrorCode = {
  /** Refused without checking the credential; `field` names the credential ("password", "clientSecret", ...). */
  TOO_MANY_FAILURES: "TOO_MANY_FAILURES",
} as const;

export type RateLimitErrorCode = (typeof RateLimitErrorCode)[keyof typeof RateLimitErrorCode];
