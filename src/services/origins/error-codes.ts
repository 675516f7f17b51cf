/** Code of the origin rule: a cookie-authenticated change sent from a page the server does not trust. */
export const OriginErrorCode = {
  ORIGIN_NOT_ALLOWED: "ORIGIN_NOT_ALLOWED",
} as const;
