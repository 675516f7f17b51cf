import { timingSafeEqual } from "node:crypto";
import { anonymous, type Principal } from "#src/services/access/index.js";
import { isTicketShaped } from "#src/services/auth-tickets/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Three base64url parts, the first a JSON object ("eyJ" is `{"`): an access token, never an API key. */
const JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * A user's own access token, issued by this server (an OIDC one, or an auth-service ticket's):
 * acts as that user (the access policy lets a user read and revoke only their own sessions and profile). Refused once its session is revoked
 * or expired, or the user's notBefore has moved past it, on every instance at once.
 */
async function userFromAccessToken(token: string, services: Services): Promise<Principal> {
  try {
    if (isTicketShaped(token)) {
      const ticket = await services.authTickets.checkAccessToken(token);
      return { kind: "user", userId: ticket.userId, realmId: ticket.realmId, sessionId: ticket.sessionId, scopes: [] };
    }
    const { user, session, claims } = await services.oidc.authenticateAccessToken(token);
    return { kind: "user", userId: user.id, realmId: user.realmId, sessionId: session.id, scopes: claims.scope.split(" ") };
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(ErrorCode.UNAUTHENTICATED, "invalid or expired credentials");
    throw error;
  }
}

/**
 * Who an Authorization header names. No header: anonymous. A header that names nobody is an
 * error rather than anonymous, so a typo in a key never silently downgrades a caller.
 */
export async function principalFromAuthorization(
  header: string | undefined,
  services: Services,
  adminApiKey: string | undefined,
): Promise<Principal> {
  if (!header) return anonymous;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new DomainError(ErrorCode.UNAUTHENTICATED, "Authorization must be 'Bearer <key>'");
  const token = match[1]!;
  if (adminApiKey && sameSecret(token, adminApiKey)) return { kind: "admin" };
  if (JWT.test(token)) return userFromAccessToken(token, services);
  const key = await services.apiKeys.authenticate(token);
  if (key) return { kind: "api_key", keyId: key.id, scopes: key.scopes };
  throw new DomainError(ErrorCode.UNAUTHENTICATED, "invalid or expired credentials");
}
