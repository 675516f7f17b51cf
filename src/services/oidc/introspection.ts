import { decodeJwt } from "jose";
import { DomainError } from "../errors/index.js";
import { authenticateToken } from "./access-token.js";
import { authenticateClient, type ClientCredentials } from "./client-auth.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";

export interface TokenInput extends ClientCredentials {
  realm: string;
  token?: string | null;
  /** RFC 7662/7009 hint; the token's own typ decides, as the hint may be wrong. */
  tokenTypeHint?: string | null;
}

export interface Introspection {
  active: boolean;
  /** The token's claims when active. */
  claims: Record<string, unknown> | null;
  clientId: string | null;
  username: string | null;
  tokenType: string | null;
}

const INACTIVE: Introspection = { active: false, claims: null, clientId: null, username: null, tokenType: null };

/** The token's declared type, unverified: only chooses which checks to run. */
export function declaredType(token: string): string | undefined {
  try {
    const typ = decodeJwt(token).typ;
    return typeof typ === "string" ? typ : undefined;
  } catch {
    return undefined;
  }
}

/**
 * RFC 7662 for confidential clients: active only for an access or refresh token of this realm
 * whose signature, expiry, session and user all still hold; anything else is just inactive.
 */
export async function introspect(ctx: OidcContext, input: TokenInput): Promise<Introspection> {
  const realm = await protocolRealm(ctx, input.realm);
  const client = await authenticateClient(ctx.clients, realm, input);
  if (client.public) throw new DomainError(OidcErrorCode.CLIENT_NOT_ALLOWED, "client not allowed");
  if (!input.token) throw new DomainError(OidcErrorCode.TOKEN_PARAMETER_MISSING, "token not provided", { field: "token" });
  const typ = declaredType(input.token);
  if (typ !== "Bearer" && typ !== "Refresh") return INACTIVE;
  try {
    const { user, claims } = await authenticateToken(ctx, realm, input.token, typ);
    return { active: true, claims, clientId: claims.azp, username: user.username, tokenType: typ };
  } catch (error) {
    if (error instanceof DomainError && error.code === OidcErrorCode.INVALID_ACCESS_TOKEN) return INACTIVE;
    throw error;
  }
}
