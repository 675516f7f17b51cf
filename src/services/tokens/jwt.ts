import { errors, importJWK, importPKCS8, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import type { SigningKeyRow } from "#src/db/schema/index.js";
import type { Sealer } from "../secrets/index.js";
import { SIGNING_ALGORITHM } from "./signing-keys.js";

/**
 * Why a token was not accepted: "expired" tokens are told apart (Keycloak answers "Token is not
 * active"). An expired token whose signature and issuer did verify carries its payload, for the
 * rules that accept a stale access token beside a live refresh credential (the auth-service ticket).
 */
export class TokenRejected extends Error {
  constructor(readonly reason: "invalid" | "expired", message: string, readonly expiredPayload?: JWTPayload) {
    super(message);
    this.name = "TokenRejected";
  }
}

/**
 * Imported keys by kid. A kid's key material never changes, so this cache needs no
 * invalidation: which keys may still be used is decided from the key rows (see isUsable).
 */
export class KeyCache {
  private readonly signing = new Map<string, Promise<CryptoKey>>();
  private readonly verifying = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly sealer: Sealer) {}

  privateKey(row: SigningKeyRow): Promise<CryptoKey> {
    let key = this.signing.get(row.id);
    if (!key) {
      key = importPKCS8(this.sealer.open(row.id, row.privateKeyEncrypted), SIGNING_ALGORITHM);
      this.signing.set(row.id, key);
    }
    return key;
  }

  publicKey(row: SigningKeyRow): Promise<CryptoKey> {
    let key = this.verifying.get(row.id);
    if (!key) {
      key = importJWK(row.publicJwk, SIGNING_ALGORITHM) as Promise<CryptoKey>;
      this.verifying.set(row.id, key);
    }
    return key;
  }
}

export async function signJwt(key: CryptoKey, kid: string, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: "JWT", kid }).sign(key);
}

export interface VerifyOptions {
  issuer: string;
  now: Date;
  /** The key a kid names, when the realm may still use it. */
  keyFor(kid: string): Promise<CryptoKey | undefined>;
  /** Claims that must be present; the OIDC tokens' set unless given. */
  requiredClaims?: string[];
}

const OIDC_REQUIRED_CLAIMS = ["exp", "iat", "jti", "sub"];

/** Only RS256 with a known kid of the realm and the realm's issuer; `alg: none`, HMAC and foreign keys fail here. */
export async function verifyJwt(token: string, options: VerifyOptions): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid ? await options.keyFor(header.kid) : undefined;
        if (!key) throw new TokenRejected("invalid", "unknown signing key");
        return key;
      },
      { algorithms: [SIGNING_ALGORITHM], issuer: options.issuer, currentDate: options.now, requiredClaims: options.requiredClaims ?? OIDC_REQUIRED_CLAIMS },
    );
    return payload;
  } catch (error) {
    if (error instanceof TokenRejected) throw error;
    if (error instanceof errors.JWTExpired) {
      // jose checks the signature first, but may not have reached the issuer before the expiry.
      const signed = error.payload.iss === options.issuer ? error.payload : undefined;
      throw new TokenRejected("expired", "token has expired", signed);
    }
    if (error instanceof errors.JOSEError || error instanceof TypeError) throw new TokenRejected("invalid", "token is not valid");
    throw error;
  }
}
