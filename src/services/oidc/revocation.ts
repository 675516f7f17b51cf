import { DomainError, ErrorCode } from "../errors/index.js";
import { revokeSession } from "../sessions/revoke.js";
import { TokenRejected } from "../tokens/index.js";
import { authenticateClient } from "./client-auth.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { declaredType, type TokenInput } from "./introspection.js";
import { issuerFor } from "./issuer.js";

/**
 * RFC 7009. Revoking an access or a refresh token ends its session, so every token of that
 * login stops working at once. A token that is invalid or expired is already useless: that
 * is a success with nothing to do, as the RFC asks. Returns whether a session was ended.
 */
export async function revokeToken(ctx: OidcContext, input: TokenInput): Promise<boolean> {
  const realm = await protocolRealm(ctx, input.realm);
  const client = await authenticateClient(ctx.clients, realm, input);
  if (!input.token) throw new DomainError(OidcErrorCode.TOKEN_PARAMETER_MISSING, "token not provided", { field: "token" });
  const typ = declaredType(input.token);
  if (typ !== "Bearer" && typ !== "Refresh") return false;
  let claims: Record<string, unknown>;
  try {
    claims = await ctx.tokens.verify(realm.id, input.token, issuerFor(ctx.publicUrl, realm.name));
  } catch (error) {
    if (error instanceof TokenRejected) return false;
    throw error;
  }
  if (claims.azp !== client.clientId) throw new DomainError(OidcErrorCode.UNMATCHING_CLIENT, "the token was issued to another client");
  if (typeof claims.sid !== "string") return false;
  try {
    const result = await revokeSession(ctx.db, ctx.clock, claims.sid, "token_revoked", { type: "client", id: client.clientId });
    return result.outcome === "revoked";
  } catch (error) {
    // The session was purged since: nothing is left to revoke.
    if (error instanceof DomainError && error.code === ErrorCode.SESSION_NOT_FOUND) return false;
    throw error;
  }
}
