import type { IncomingMessage } from "node:http";
import { parseCookie, stringifySetCookie } from "cookie";

export const COOKIE_NAME = "__Host-auth";
const MAX_AGE_SECONDS = 24 * 3600;

/** `__Host-` cookies must be Secure, Path=/ and host-only: the browser keeps the session on the host that set it. */
export const sessionCookie = (token: string) =>
  stringifySetCookie(COOKIE_NAME, token, { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: MAX_AGE_SECONDS });

/** The same cookie, emptied and expired. */
export const clearedCookie = stringifySetCookie(COOKIE_NAME, "", { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 0, expires: new Date(0) });

/** The cookie's value as sent (undefined when absent); its format is the session rules' to judge. */
export function sessionCookieOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header, { decode: (value) => value })[COOKIE_NAME];
}
