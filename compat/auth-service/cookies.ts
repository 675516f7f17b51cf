import { parseCookie, stringifySetCookie } from "cookie";
import type { IncomingMessage } from "node:http";

export const COOKIE_NAME = "refreshId";

/** Set-Cookie values of the refreshId cookie: HttpOnly, Secure (unless AUTH_COOKIE_SECURE=false), SameSite=Lax, no Expires (a browser-session cookie). */
export interface CookieJar {
  set(refreshJwt: string): string;
  clear(): string;
}

export function cookieJar(secure: boolean): CookieJar {
  // Path=/: the services behind /system/* forward the cookie too (Express's default, which the deployed service kept).
  const flags = { httpOnly: true, secure, sameSite: "lax" as const, path: "/" };
  return {
    // The value is `bearer <jwt>`, URL-encoded (the space) as the deployed service sends it.
    set: (refreshJwt) => stringifySetCookie(COOKIE_NAME, `bearer ${refreshJwt}`, flags),
    clear: () => stringifySetCookie(COOKIE_NAME, "", { ...flags, expires: new Date(0) }),
  };
}

// Plain node:http requests, so that the lean lane can serve the ticket checks; node lowercases header names.

/** The refreshId cookie's value as sent (URL-decoded), if any. */
export function refreshCookieOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[COOKIE_NAME] : undefined;
}

/** The access token as sent: Authentication, or Authorization, whatever the case of the name. */
export function accessTokenOf(req: IncomingMessage): string | undefined {
  const { authentication, authorization } = req.headers;
  return (typeof authentication === "string" && authentication) || authorization || undefined;
}

/** A fresh access token in the header the contract names, readable by a browser's script across origins. */
export function authenticationHeaders(accessJwt: string): Record<string, string> {
  return { Authentication: `bearer ${accessJwt}`, "Access-Control-Expose-Headers": "Authentication" };
}
