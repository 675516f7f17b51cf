/**
 * Offline check of an auth-service access token, for services that must not call the server on
 * every request: the signature against the keys the server publishes (its default realm's JWKS,
 * fetched once and again only for an unknown key id), the issuer and the expiry. Standalone on
 * purpose (jose only), so it ships as the package subpath `identity-server/ticket-verifier`.
 *
 * What it cannot know offline: whether the session ended since the token was issued (at most the
 * token's 10 minutes ago). Where that matters, ask the server: POST /internal/auth/api/authenticate.
 */
import { createRemoteJWKSet, errors, jwtVerify } from "jose";

export interface VerifiedTicket {
  /** The auth-service userId (the graph's User.numericId). */
  userId: number;
  sessionId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** missing: no token; malformed: not `bearer <jwt>`; expired: past its time; invalid: not signed by the server's keys, or not a ticket. */
export type TicketFailure = "missing" | "malformed" | "expired" | "invalid";

export class TicketVerificationError extends Error {
  constructor(readonly reason: TicketFailure, message: string) {
    super(message);
    this.name = "TicketVerificationError";
  }
}

export interface TicketVerifierOptions {
  /** The server's issuer: `${PUBLIC_URL}/realms/${DEFAULT_REALM}`. */
  issuer: string;
  /** Where the keys are published; defaults to the issuer's `/protocol/openid-connect/certs`. */
  jwksUrl?: string;
  /** Seconds of clock skew to allow on the expiry; none by default. */
  clockToleranceSeconds?: number;
}

/** Reads the Authentication header's value (`bearer <jwt>`, any case) or a bare JWT. */
export type TicketVerifier = (authentication: string | null | undefined) => Promise<VerifiedTicket>;

const BEARER = /^bearer\s+/i;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function createTicketVerifier(options: TicketVerifierOptions): TicketVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl ?? `${options.issuer.replace(/\/+$/, "")}/protocol/openid-connect/certs`));
  return async (authentication) => {
    if (!authentication) throw new TicketVerificationError("missing", "no access token");
    const jwt = authentication.trim().replace(BEARER, "");
    if (!JWT.test(jwt)) throw new TicketVerificationError("malformed", "the access token must be 'bearer <jwt>'");
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(jwt, keys, {
        issuer: options.issuer,
        algorithms: ["RS256"],
        requiredClaims: ["exp", "iat"],
        clockTolerance: options.clockToleranceSeconds ?? 0,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TicketVerificationError("expired", "the access token has expired");
      if (error instanceof errors.JOSEError || error instanceof TypeError) throw new TicketVerificationError("invalid", "the access token is not valid");
      // The keys could not be fetched (network, server down): not the token's fault.
      throw error;
    }
    const { userId, sessionId, iat, exp } = payload;
    // The realm's key also signs its OIDC tokens: those carry no userId and sessionId, and are no tickets.
    if (!Number.isSafeInteger(userId) || typeof sessionId !== "string" || typeof iat !== "number" || typeof exp !== "number") {
      throw new TicketVerificationError("invalid", "the token is not an auth-service ticket");
    }
    return { userId: userId as number, sessionId, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) };
  };
}
