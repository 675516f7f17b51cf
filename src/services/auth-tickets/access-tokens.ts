import type { JWTPayload } from "jose";
import { DomainError } from "../errors/index.js";
import { TokenRejected, type TokenService } from "../tokens/index.js";
import { AuthTicketErrorCode } from "./error-codes.js";

/** The contract's access token lifetime: 10 minutes. */
export const ACCESS_TOKEN_SECONDS = 600;
/**
 * A token issued this recently for the same session is handed out again instead of a new one: an
 * RS256 signature costs about a millisecond of CPU, and who-am-i and authenticate, which answer
 * with a fresh token every time, must not be bound by it. Such a token has 9 of its 10 minutes left.
 */
const REUSE_SECONDS = 60;
const ISSUED_KEPT = 10_000;
const REQUIRED_CLAIMS = ["exp", "iat", "userId", "sessionId"];

export interface AccessClaims {
  userId: number;
  sessionId: string;
  iat: number;
  exp: number;
}

export interface AccessReading {
  claims: AccessClaims;
  /** Signed by this server but past its time: the ticket still stands with a live cookie. */
  expired: boolean;
}

const invalidToken = () => new DomainError(AuthTicketErrorCode.INVALID_TOKEN, "the access token is not valid");

function asAccessClaims(payload: JWTPayload): AccessClaims {
  const { userId, sessionId, iat, exp } = payload as Record<string, unknown>;
  // An OIDC token of the same realm and key has neither claim: it is no ticket.
  if (!Number.isSafeInteger(userId) || typeof sessionId !== "string" || typeof iat !== "number" || typeof exp !== "number") throw invalidToken();
  return { userId: userId as number, sessionId, iat, exp };
}

export interface AccessTokenKeys {
  tokens: TokenService;
  /** The default realm: its active key signs tickets, its JWKS publishes the key. */
  realmId(): Promise<string>;
  issuer(): string;
}

/** Access tokens signed with the default realm's published key, so other services verify them offline. */
export class AccessTokens {
  private readonly issued = new Map<string, { token: string; claims: AccessClaims }>();

  constructor(private readonly keys: AccessTokenKeys) {}

  /** A token of at least 9 minutes for the session, never outliving it. */
  async issue(sessionId: string, userId: number, now: Date, sessionEndsAt: Date | null): Promise<string> {
    const seconds = Math.floor(now.getTime() / 1000);
    const recent = this.issued.get(sessionId);
    if (recent && recent.claims.userId === userId && seconds - recent.claims.iat < REUSE_SECONDS && recent.claims.exp > seconds) return recent.token;
    const end = sessionEndsAt ? Math.floor(sessionEndsAt.getTime() / 1000) : Number.POSITIVE_INFINITY;
    const claims: AccessClaims = { userId, sessionId, iat: seconds, exp: Math.min(seconds + ACCESS_TOKEN_SECONDS, end) };
    const sign = await this.keys.tokens.signer(await this.keys.realmId());
    const token = await sign({ ...claims, iss: this.keys.issuer() });
    this.issued.delete(sessionId);
    this.issued.set(sessionId, { token, claims });
    if (this.issued.size > ISSUED_KEPT) this.issued.delete(this.issued.keys().next().value!);
    return token;
  }

  /** The claims of a token this server signed, expired or not; throws INVALID_TOKEN for any other. */
  async read(jwt: string): Promise<AccessReading> {
    try {
      const payload = await this.keys.tokens.verify(await this.keys.realmId(), jwt, this.keys.issuer(), REQUIRED_CLAIMS);
      return { claims: asAccessClaims(payload), expired: false };
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      if (error.reason === "expired" && error.expiredPayload) return { claims: asAccessClaims(error.expiredPayload), expired: true };
      throw invalidToken();
    }
  }
}
