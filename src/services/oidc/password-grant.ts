import { eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { PasswordRow, SessionRow } from "#src/db/schema/index.js";
import { recordAudit } from "../audit/index.js";
import { isUserBlocked } from "../blocks/index.js";
import { DomainError, ErrorCode } from "../errors/index.js";
import { pastGrace } from "../passwords/index.js";
import { addressSubject, userSubject } from "../rate-limits/index.js";
import { createSession } from "../sessions/create.js";
import { authenticateClient, type ClientCredentials } from "./client-auth.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { issuerFor } from "./issuer.js";
import { grantScope } from "./scopes.js";
import { refreshExpiresAt } from "./session-rules.js";
import { signTokenSet, type TokenSet } from "./token-set.js";

export interface PasswordGrantInput extends ClientCredentials {
  realm: string;
  username?: string | null;
  password?: string | null;
  scope?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Stands in for a user id when there is no user, so an unknown login runs the same queries as a known one. */
const NO_USER = "00000000-0000-0000-0000-000000000000";

const invalidCredentials = () => new DomainError(OidcErrorCode.INVALID_USER_CREDENTIALS, "invalid user credentials");
const refused = () => new DomainError(OidcErrorCode.LOGIN_REFUSED, "invalid user credentials");

/**
 * Resource owner password grant, in Keycloak's order: realm, client, grant allowed, username,
 * then the user. While the user or the address waits after failures (rate-limits), the grant is
 * refused before the password is looked at. Otherwise the password is always verified (against a dummy hash when there is no user),
 * so an unknown user and a wrong password take the same time and get the same answer. A locked
 * or blocked user is refused whatever the password (answering by the password would let a lock
 * be guessed through); "Account disabled" is told only to someone who knows the password.
 */
export async function passwordGrant(ctx: OidcContext, input: PasswordGrantInput): Promise<TokenSet> {
  const realm = await protocolRealm(ctx, input.realm);
  const client = await authenticateClient(ctx.clients, realm, input);
  if (!client.grants.includes("password")) throw new DomainError(OidcErrorCode.DIRECT_GRANT_NOT_ALLOWED, "client not allowed for direct access grants");
  if (!input.username) throw new DomainError(OidcErrorCode.MISSING_USERNAME, "missing parameter: username", { field: "username" });
  const scope = grantScope(input.scope);

  const user = await ctx.users.byLogin(realm.id, input.username);
  let password: PasswordRow | undefined;
  const passwordOk = await ctx.rateLimits.check({
    subjects: [userSubject(user?.id), addressSubject(input.ip)],
    field: "password",
    verify: async () => (password = await ctx.passwords.matchCurrent(user?.id, input.password ?? "")) !== undefined,
  });
  const blocked = await isUserBlocked(ctx.db, user ?? { id: NO_USER, realmId: realm.id, email: null });
  if (user && (user.locked || blocked)) throw refused();
  if (!user || !passwordOk || !password) throw invalidCredentials();
  if (!user.active) throw new DomainError(OidcErrorCode.ACCOUNT_DISABLED, "account disabled");
  if (await pastGrace(ctx.db, password, ctx.clock.now())) throw new DomainError(OidcErrorCode.ACCOUNT_NOT_SET_UP, "account is not fully set up");

  const now = ctx.clock.now();
  // The key is loaded before the transaction: its first generation must not hold the session's locks.
  const sign = await ctx.tokens.signer(realm.id);
  const { session, refreshToken } = await ctx.db.transaction(async (tx) => {
    let session: SessionRow;
    try {
      session = await createSession(tx, ctx.clock, {
        userId: user.id,
        kind: "token",
        clientId: client.clientId,
        ip: input.ip,
        userAgent: input.userAgent,
        lifetimeSeconds: realm.ssoSessionMaxLifespan,
      });
    } catch (error) {
      // A block that committed after the check above.
      if (error instanceof DomainError && error.code === ErrorCode.FORBIDDEN) throw refused();
      throw error;
    }
    const [refreshToken] = await tx
      .insert(tables.refreshTokens)
      .values({ sessionId: session.id, clientId: client.clientId, scope, issuedAt: now, expiresAt: refreshExpiresAt(session, realm, now) })
      .returning();
    await recordAudit(
      tx,
      { action: "oidc.password_grant", actor: { type: "user", id: user.id }, subjectType: "session", subjectId: session.id, changes: { userId: user.id, clientId: client.clientId, scope, kind: "token" } },
      now,
    );
    return { session, refreshToken: refreshToken! };
  });
  await ctx.users.recordLogin(user.id, now);
  return signTokenSet(sign, { realm, issuer: issuerFor(ctx.publicUrl, realm.name), user, session, clientId: client.clientId, scope, refreshToken, now });
}
