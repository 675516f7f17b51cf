import { decodeJwt, type JWTPayload } from "jose";
import type { RealmRow } from "#src/db/schema/index.js";
import { DomainError } from "../errors/index.js";
import { TokenRejected } from "../tokens/index.js";
import type { OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { issuerFor } from "./issuer.js";

export interface RefreshClaims {
  jti: string;
  sub: string;
  sid: string;
  azp: string;
  scope: string;
  iat: number;
}

const invalid = () => new DomainError(OidcErrorCode.INVALID_REFRESH_TOKEN, "invalid refresh token", { field: "refreshToken" });

function asRefreshClaims(payload: JWTPayload): RefreshClaims {
  const { jti, sub, sid, azp, scope, iat, typ } = payload as Record<string, unknown>;
  if (typ !== "Refresh" || typeof jti !== "string" || typeof sub !== "string" || typeof sid !== "string" || typeof azp !== "string" || typeof scope !== "string" || typeof iat !== "number") {
    throw invalid();
  }
  return { jti, sub, sid, azp, scope, iat };
}

/**
 * A refresh token of this realm, signed by one of its keys. Expired tokens fail with "Token is
 * not active" unless allowExpired (logout, as Keycloak's, does not check expiry: the signature
 * was checked before the expiry, so an expired token's claims are genuine).
 */
export async function readRefreshToken(ctx: OidcContext, realm: RealmRow, token: string, options: { allowExpired?: boolean } = {}): Promise<RefreshClaims> {
  try {
    return asRefreshClaims(await ctx.tokens.verify(realm.id, token, issuerFor(ctx.publicUrl, realm.name)));
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    if (error.reason === "expired" && options.allowExpired) return asRefreshClaims(decodeJwt(token));
    if (error.reason === "expired") throw new DomainError(OidcErrorCode.TOKEN_NOT_ACTIVE, "token is not active", { field: "refreshToken" });
    throw invalid();
  }
}
