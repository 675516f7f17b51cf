import { errors, jwtVerify, SignJWT } from "jose";
import { DomainError } from "../errors/index.js";
import { AuthTicketErrorCode } from "./error-codes.js";

/** What the refreshId cookie's JWT holds: the deployed service's {sessionId, userId, iat, exp}. */
export interface CookieClaims {
  sessionId: string;
  userId: number;
  iat: number;
  exp: number;
}

const ALGORITHM = "HS256";
/** About 2.5 MB of cookies: the browsers of a busy instance. */
const VERIFIED_KEPT = 10_000;

const invalidCookie = () => new DomainError(AuthTicketErrorCode.INVALID_COOKIE, "the refreshId cookie is not valid");

function asCookieClaims(payload: Record<string, unknown>): CookieClaims {
  const { sessionId, userId, iat, exp } = payload;
  if (typeof sessionId !== "string" || !Number.isSafeInteger(userId) || typeof iat !== "number" || typeof exp !== "number") throw invalidCookie();
  return { sessionId, userId: userId as number, iat, exp };
}

/**
 * The refresh half of a ticket: a JWT signed with an HMAC key only this server holds (derived from
 * SECRETS_KEY, so every instance shares it), never published, unlike the access token's key. A
 * verified cookie is remembered (its signature is a function of its bytes and the key alone); its
 * expiry and its session are still checked at every use.
 */
export class RefreshCookies {
  private readonly verified = new Map<string, CookieClaims>();

  /** keys: the signing key first, then keys that only verify (a wrapping-key rotation's previous keys). */
  constructor(private readonly keys: () => Uint8Array[]) {}

  sign(sessionId: string, userId: number, iat: number, exp: number): Promise<string> {
    return new SignJWT({ sessionId, userId, iat, exp }).setProtectedHeader({ alg: ALGORITHM, typ: "JWT" }).sign(this.keys()[0]!);
  }

  /** The current key first; a signature it refuses is tried with each previous key before it is refused. */
  private async verify(jwt: string, now: Date) {
    const options = { algorithms: [ALGORITHM], currentDate: now, requiredClaims: ["exp", "iat"] };
    const [current, ...previous] = this.keys();
    try {
      return await jwtVerify(jwt, current!, options);
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
      for (const key of previous) {
        try {
          return await jwtVerify(jwt, key, options);
        } catch (other) {
          if (!(other instanceof errors.JWSSignatureVerificationFailed)) throw other;
        }
      }
      throw error;
    }
  }

  /** The claims of a cookie this server signed, or "expired"; throws INVALID_COOKIE for any other. */
  async read(jwt: string, now: Date): Promise<CookieClaims | "expired"> {
    const seconds = Math.floor(now.getTime() / 1000);
    const known = this.verified.get(jwt);
    if (known) return known.exp <= seconds ? "expired" : known;
    let claims: CookieClaims;
    try {
      const { payload } = await this.verify(jwt, now);
      claims = asCookieClaims(payload);
    } catch (error) {
      if (error instanceof errors.JWTExpired) return "expired";
      if (error instanceof DomainError) throw error;
      if (error instanceof errors.JOSEError || error instanceof TypeError) throw invalidCookie();
      throw error;
    }
    this.verified.set(jwt, claims);
    if (this.verified.size > VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
    return claims;
  }
}
