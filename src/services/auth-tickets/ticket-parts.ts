import { DomainError } from "../errors/index.js";
import { AuthTicketErrorCode } from "./error-codes.js";

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BEARER = /^bearer\s+/i;

/**
 * The JWT of a ticket part as the contract sends it, `bearer <jwt>` (the prefix in any case), or
 * the bare JWT as the graph takes it. Anything else is malformed: it names no session at all.
 */
export function ticketJwt(value: string, part: "token" | "cookie"): string {
  const jwt = value.trim().replace(BEARER, "");
  if (!JWT.test(jwt)) {
    const what = part === "token" ? "the access token" : "the refreshId cookie";
    throw new DomainError(AuthTicketErrorCode.MALFORMED_TICKET, `${what} must be 'bearer <jwt>'`, { field: part === "token" ? "accessToken" : "refreshToken" });
  }
  return jwt;
}
