import type { RealmRow, SessionRow, UserRow } from "#src/db/schema/index.js";
import { OidcErrorCode } from "./error-codes.js";

/** When a token session ends if nobody refreshes it: idle timeout from its last use, capped by its maximum lifetime. */
export function sessionEndsAt(session: SessionRow, realm: RealmRow): Date {
  const idleEnd = session.lastAccessAt.getTime() + realm.ssoSessionIdleTimeout * 1000;
  const maxEnd = (session.expiresAt ?? new Date(session.createdAt.getTime() + realm.ssoSessionMaxLifespan * 1000)).getTime();
  return new Date(Math.min(idleEnd, maxEnd));
}

/** Refresh tokens live as long as the session could without a refresh. */
export function refreshExpiresAt(session: SessionRow, realm: RealmRow, now: Date): Date {
  const maxEnd = session.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return new Date(Math.min(now.getTime() + realm.ssoSessionIdleTimeout * 1000, maxEnd));
}

/** Access tokens never outlive the session's maximum lifetime. */
export function accessExpiresAt(session: SessionRow, realm: RealmRow, now: Date): Date {
  const maxEnd = session.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return new Date(Math.min(now.getTime() + realm.accessTokenLifespan * 1000, maxEnd));
}

export interface TokenSubject {
  sub: string;
  sid: string;
  iat: number;
}

/**
 * Whether the session a token names still stands, read from its row on every use (so a revoke
 * on any instance counts at once). Returns the code of the first problem, or undefined.
 */
export function sessionProblem(session: SessionRow | undefined, user: UserRow | undefined, realm: RealmRow, token: TokenSubject, now: Date) {
  if (!session || session.kind !== "token" || session.realmId !== realm.id || session.userId !== token.sub) return OidcErrorCode.SESSION_NOT_ACTIVE;
  if (session.status !== "active" || sessionEndsAt(session, realm) <= now) return OidcErrorCode.SESSION_NOT_ACTIVE;
  if (!user) return OidcErrorCode.SESSION_NOT_ACTIVE;
  // notBefore has sub-second precision and iat whole seconds: compare whole seconds, so a token
  // issued in the same second as a revoke-all is judged by its session row (revoked or new) alone.
  if (user.notBefore && token.iat < Math.floor(user.notBefore.getTime() / 1000)) return OidcErrorCode.STALE_TOKEN;
  if (!user.active) return OidcErrorCode.USER_DISABLED;
  return undefined;
}
