import { eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import { DomainError } from "../errors/index.js";
import { revokeSession } from "../sessions/revoke.js";
import { authenticateClient, type ClientCredentials } from "./client-auth.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { readRefreshToken } from "./refresh-token.js";

export interface LogoutInput extends ClientCredentials {
  realm: string;
  refreshToken?: string | null;
}

/**
 * Ends the session a refresh token belongs to; its refresh and access tokens stop working at
 * once, on every instance. Expiry is not checked (as Keycloak's), and a session that already
 * ended is not an error: logging out twice is harmless.
 */
export async function logout(ctx: OidcContext, input: LogoutInput): Promise<{ sessionId: string }> {
  const realm = await protocolRealm(ctx, input.realm);
  const client = await authenticateClient(ctx.clients, realm, input);
  if (!input.refreshToken) throw new DomainError(OidcErrorCode.MISSING_REFRESH_TOKEN, "no refresh token", { field: "refreshToken" });
  const claims = await readRefreshToken(ctx, realm, input.refreshToken, { allowExpired: true });
  if (claims.azp !== client.clientId) throw new DomainError(OidcErrorCode.TOKEN_CLIENT_MISMATCH, "token client and authorized client don't match", { field: "refreshToken" });
  const [session] = await ctx.db.select({ id: tables.sessions.id, userId: tables.sessions.userId }).from(tables.sessions).where(eq(tables.sessions.id, claims.sid));
  if (session && session.userId === claims.sub) await revokeSession(ctx.db, ctx.clock, session.id, "logout", { type: "user", id: session.userId });
  return { sessionId: claims.sid };
}
