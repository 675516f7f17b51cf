import { and, eq, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { RefreshTokenRow, SessionRow, UserRow } from "#src/db/schema/index.js";
import { systemActor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError } from "../errors/index.js";
import { markSessionRefreshed } from "../sessions/refresh.js";
import { revokeSession } from "../sessions/revoke.js";
import { authenticateClient, type ClientCredentials } from "./client-auth.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { issuerFor } from "./issuer.js";
import { readRefreshToken } from "./refresh-token.js";
import { narrowScope } from "./scopes.js";
import { refreshExpiresAt, sessionProblem } from "./session-rules.js";
import { signTokenSet, type TokenSet } from "./token-set.js";

export interface RefreshGrantInput extends ClientCredentials {
  realm: string;
  refreshToken?: string | null;
  scope?: string | null;
}

const MESSAGES: Record<string, string> = {
  [OidcErrorCode.SESSION_NOT_ACTIVE]: "session not active",
  [OidcErrorCode.STALE_TOKEN]: "stale token",
  [OidcErrorCode.USER_DISABLED]: "user disabled",
  [OidcErrorCode.INVALID_REFRESH_TOKEN]: "invalid refresh token",
  [OidcErrorCode.REFRESH_TOKEN_REUSE_EXCEEDED]: "maximum allowed refresh token reuse exceeded",
};

type Outcome = { ok: true; session: SessionRow; user: UserRow; next: RefreshTokenRow; scope: string } | { ok: false; code: string };

/**
 * Refresh grant. The session row is locked for the whole step, so refreshes of one session
 * (on any instance) run one at a time: N parallel uses of a token yield exactly the uses the
 * realm allows, and a revoke committed before the lock is always seen. Exceeding the reuse
 * limit ends the session (so the newer token dies too); that is committed before the error.
 */
export async function refreshGrant(ctx: OidcContext, input: RefreshGrantInput): Promise<TokenSet> {
  const realm = await protocolRealm(ctx, input.realm);
  const client = await authenticateClient(ctx.clients, realm, input);
  if (!client.grants.includes("refresh_token")) throw new DomainError(OidcErrorCode.REFRESH_GRANT_NOT_ALLOWED, "client not allowed for refresh token grant");
  if (!input.refreshToken) throw new DomainError(OidcErrorCode.MISSING_REFRESH_TOKEN, "no refresh token", { field: "refreshToken" });
  const claims = await readRefreshToken(ctx, realm, input.refreshToken);
  if (claims.azp !== client.clientId) throw new DomainError(OidcErrorCode.TOKEN_CLIENT_MISMATCH, "token client and authorized client don't match", { field: "refreshToken" });
  const scope = narrowScope(claims.scope, input.scope);
  const sign = await ctx.tokens.signer(realm.id);

  const s = tables.sessions;
  const r = tables.refreshTokens;
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    const now = ctx.clock.now();
    // One round trip for both rows; only the session row is locked (logins share-lock the user row).
    const [found] = await tx
      .select({ session: s, user: tables.users })
      .from(s)
      .innerJoin(tables.users, eq(tables.users.id, s.userId))
      .where(eq(s.id, claims.sid))
      .for("update", { of: s });
    const { session, user } = found ?? {};
    const problem = sessionProblem(session, user, realm, claims, now);
    if (problem) return { ok: false, code: problem };
    const [used] = await tx
      .update(r)
      .set({ useCount: sql`${r.useCount} + 1` })
      .where(and(eq(r.id, claims.jti), eq(r.sessionId, session!.id)))
      .returning();
    if (!used) return { ok: false, code: OidcErrorCode.INVALID_REFRESH_TOKEN };
    if (realm.revokeRefreshToken && used.useCount > realm.refreshTokenMaxReuse + 1) {
      await revokeSession(tx, ctx.clock, session!.id, "refresh_token_reuse", systemActor);
      return { ok: false, code: OidcErrorCode.REFRESH_TOKEN_REUSE_EXCEEDED };
    }
    // The writes of a granted refresh depend on nothing but the rows above: sent together, pipelined.
    const actor = { type: "user" as const, id: user!.id };
    const [touched, [next]] = await Promise.all([
      markSessionRefreshed(tx, session!, now, actor),
      tx
        .insert(r)
        .values({ sessionId: session!.id, clientId: client.clientId, scope, issuedAt: now, expiresAt: refreshExpiresAt({ ...session!, lastAccessAt: now }, realm, now) })
        .returning(),
      recordAudit(tx, { action: "oidc.refresh_grant", actor, subjectType: "session", subjectId: session!.id, changes: { clientId: client.clientId, scope } }, now),
    ]);
    return { ok: true, session: touched, user: user!, next: next!, scope };
  });
  if (!outcome.ok) throw new DomainError(outcome.code, MESSAGES[outcome.code] ?? "invalid grant", { field: "refreshToken" });
  return signTokenSet(sign, {
    realm,
    issuer: issuerFor(ctx.publicUrl, realm.name),
    user: outcome.user,
    session: outcome.session,
    clientId: client.clientId,
    scope: outcome.scope,
    refreshToken: outcome.next,
    now: outcome.next.issuedAt,
  });
}
