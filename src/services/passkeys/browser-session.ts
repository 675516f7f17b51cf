import { eq, sql } from "drizzle-orm";
import { preparedFor, tables, type Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";
import { DomainError } from "../errors/index.js";
import { createSession, renewSession } from "../sessions/index.js";
import { PasskeyErrorCode } from "./error-codes.js";
import { newSessionToken, isSessionToken, sessionTokenHash } from "./session-token.js";
import { hostWithinRp } from "./settings.js";

/** A passkey session lasts 24 hours from its last renewal. */
export const SESSION_LIFETIME_SECONDS = 24 * 3600;
/** validate renews once this much of the lifetime is used, so a busy page does not write on every call. */
export const RENEW_AFTER_MS = 5 * 60 * 1000;

export interface SessionClient {
  ip: string | null;
  userAgent: string | null;
}

/** Opens a graph session (kind browser) for a passkey sign-in, inside the caller's transaction; returns the cookie's token. */
export async function openBrowserSession(tx: Db, clock: Clock, input: { userId: string; credentialId: string; client: SessionClient }): Promise<string> {
  const session = await createSession(tx, clock, {
    userId: input.userId,
    kind: "browser",
    ip: input.client.ip?.slice(0, 64) ?? null,
    userAgent: input.client.userAgent?.slice(0, 512) ?? null,
    lifetimeSeconds: SESSION_LIFETIME_SECONDS,
  });
  const token = newSessionToken();
  await tx.insert(tables.passkeySessions).values({ sessionId: session.id, tokenHash: sessionTokenHash(token), credentialId: input.credentialId });
  return token;
}

/** Who a cookie names: the session, its user, and the user's org, role and permissions. */
export interface BrowserSession {
  sessionId: string;
  userId: string;
  realmId: string;
  userName: string | null;
  expiresAt: Date;
  credentialId: string | null;
  host: string | null;
  org: { id: string; name: string } | null;
  role: { id: string; name: string } | null;
  /** The role's permission ids, sorted. */
  permissions: string[];
}

const s = tables.sessions;
const ps = tables.passkeySessions;
const u = tables.users;
const m = tables.orgMembers;

/**
 * The hot path of forward auth: one prepared statement on the token's unique index reads the
 * session with its user, org, role and permissions. Never cached: a session ended on any instance
 * is refused as soon as the ending call has returned.
 */
const sessionByToken = preparedFor((db) =>
  db
    .select({
      sessionId: s.id,
      userId: s.userId,
      status: s.status,
      expiresAt: s.expiresAt,
      credentialId: ps.credentialId,
      host: ps.host,
      realmId: u.realmId,
      userName: u.displayName,
      userActive: u.active,
      orgId: m.orgId,
      orgName: tables.orgs.displayName,
      roleId: m.roleId,
      roleName: tables.roles.displayName,
      permissions: sql<string[] | null>`(select array_agg(rp.permission_id) from ${tables.rolePermissions} rp where rp.role_id = ${m.roleId})`,
    })
    .from(ps)
    .innerJoin(s, eq(s.id, ps.sessionId))
    .innerJoin(u, eq(u.id, s.userId))
    .leftJoin(m, eq(m.userId, u.id))
    .leftJoin(tables.orgs, eq(tables.orgs.id, m.orgId))
    .leftJoin(tables.roles, eq(tables.roles.id, m.roleId))
    .where(eq(ps.tokenHash, sql.placeholder("hash")))
    .prepare("passkey_session_by_token"),
);

const expired = () => new DomainError(PasskeyErrorCode.SESSION_EXPIRED, "Your session has expired. Please sign in again!");

/**
 * The live session a token names, for a request to `host` (normalised). The first use binds the
 * session to its host; a later use from another host is refused.
 */
export async function resolveBrowserSession(db: Db, clock: Clock, rpId: string, token: string, host: string | undefined): Promise<BrowserSession> {
  if (!host) throw new DomainError(PasskeyErrorCode.INVALID_HOST, "Invalid host");
  if (!isSessionToken(token)) throw expired();
  const [row] = await sessionByToken(db).execute({ hash: sessionTokenHash(token) });
  if (!row || row.status !== "active" || !row.userActive || !row.expiresAt || row.expiresAt <= clock.now()) throw expired();
  let bound = row.host;
  if (bound === null) {
    if (!hostWithinRp(host, rpId)) throw new DomainError(PasskeyErrorCode.INVALID_HOST, `Host must be the same as or a subdomain of ${rpId}`);
    // coalesce: of two first uses at once, the first to commit wins and the other compares against it.
    const [binding] = await db.update(ps).set({ host: sql`coalesce(${ps.host}, ${host})` }).where(eq(ps.sessionId, row.sessionId)).returning({ host: ps.host });
    bound = binding?.host ?? null;
  }
  if (bound !== host) throw new DomainError(PasskeyErrorCode.SESSION_HOST_MISMATCH, "Session host mismatch");
  return {
    sessionId: row.sessionId,
    userId: row.userId,
    realmId: row.realmId,
    userName: row.userName,
    expiresAt: row.expiresAt,
    credentialId: row.credentialId,
    host: bound,
    org: row.orgId ? { id: row.orgId, name: row.orgName ?? "" } : null,
    role: row.roleId ? { id: row.roleId, name: row.roleName ?? "" } : null,
    permissions: [...(row.permissions ?? [])].sort(),
  };
}

/**
 * validate's sliding expiry: renews the session when renewalDue says so. Returns the new expiry,
 * or undefined when not due; a session ended meanwhile is refused.
 */
export async function renewIfDue(db: Db, clock: Clock, sessionId: string, client: SessionClient): Promise<Date | undefined> {
  // Passkey sessions only: an OIDC token's session keeps its own lifetime rules.
  const [row] = await db.select({ expiresAt: s.expiresAt, status: s.status }).from(s).innerJoin(ps, eq(ps.sessionId, s.id)).where(eq(s.id, sessionId)).limit(1);
  if (!row || row.status !== "active" || !row.expiresAt || row.expiresAt <= clock.now()) throw expired();
  if (!renewalDue(row.expiresAt, clock.now())) return undefined;
  const renewed = await renewSession(db, clock, sessionId, {
    lifetimeSeconds: SESSION_LIFETIME_SECONDS,
    ip: client.ip?.slice(0, 64) ?? null,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
  });
  if (!renewed) throw expired();
  return renewed;
}

/** Whether validate should renew now: at least five minutes of the 24 hours used (or less than none, after a clock step back). */
export function renewalDue(expiresAt: Date, now: Date): boolean {
  const consumed = SESSION_LIFETIME_SECONDS * 1000 - (expiresAt.getTime() - now.getTime());
  return consumed < 0 || consumed >= RENEW_AFTER_MS;
}
