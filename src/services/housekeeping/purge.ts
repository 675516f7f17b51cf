import { and, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { tables, type Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";
import { mfaPurgeTargets } from "../mfa/purge.js";
import { passkeyPurgeTargets } from "../passkeys/purge.js";
import { rateLimitPurgeTargets } from "../rate-limits/purge.js";
import { sessionEventPurgeTargets } from "../session-events/purge.js";

const DAY = 86_400_000;
const BATCH = 1_000;

export interface RetentionPolicy {
  /** Ended (revoked or expired) sessions are kept this long for support tools, then deleted. */
  sessionRetentionDays: number;
  auditRetentionDays: number;
  /** Session events every sink delivered are kept this long, then deleted. */
  sessionEventRetentionDays: number;
}

/** One kind of row that goes stale: its table, the columns of its key, and when it is stale. */
export interface PurgeTarget {
  name: string;
  table: PgTable;
  key: PgColumn[];
  stale(now: Date, policy: RetentionPolicy): SQL | undefined;
}

const ago = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

export const purgeTargets: PurgeTarget[] = [
  { name: "device login challenges", table: tables.deviceLoginChallenges, key: [tables.deviceLoginChallenges.id], stale: (now) => lt(tables.deviceLoginChallenges.expiresAt, ago(now, 1)) },
  { name: "device request nonces", table: tables.deviceRequestNonces, key: [tables.deviceRequestNonces.sessionId, tables.deviceRequestNonces.nonce], stale: (now) => lt(tables.deviceRequestNonces.expiresAt, now) },
  {
    name: "ended sessions",
    table: tables.sessions,
    key: [tables.sessions.id],
    stale: (now, policy) => {
      const cutoff = ago(now, policy.sessionRetentionDays);
      return or(and(isNotNull(tables.sessions.revokedAt), lt(tables.sessions.revokedAt, cutoff)), lt(tables.sessions.expiresAt, cutoff));
    },
  },
  { name: "audit events", table: tables.auditEvents, key: [tables.auditEvents.id], stale: (now, policy) => lt(tables.auditEvents.occurredAt, ago(now, policy.auditRetentionDays)) },
  // The JWT's own exp is checked before its row is read, so an expired token's row is no longer needed.
  { name: "expired refresh tokens", table: tables.refreshTokens, key: [tables.refreshTokens.id], stale: (now) => lt(tables.refreshTokens.expiresAt, now) },
  { name: "retired signing keys", table: tables.signingKeys, key: [tables.signingKeys.id], stale: (now) => lt(tables.signingKeys.verifyUntil, ago(now, 1)) },
  ...mfaPurgeTargets,
  ...passkeyPurgeTargets,
  ...sessionEventPurgeTargets,
  ...rateLimitPurgeTargets,
];

/**
 * Deletes stale rows in batches of 1,000, so a large backlog never holds long locks or
 * bloats one transaction (the growth Keycloak and Authentik databases show without it).
 */
export async function purgeStaleRows(db: Db, clock: Clock, policy: RetentionPolicy, targets = purgeTargets): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  const now = clock.now();
  for (const target of targets) {
    const condition = target.stale(now, policy) ?? sql`false`;
    const key = sql.join(target.key, sql`, `);
    let total = 0;
    for (;;) {
      const rows = await db
        .delete(target.table)
        .where(sql`(${key}) in (select ${key} from ${target.table} where ${condition} limit ${BATCH})`)
        .returning();
      total += rows.length;
      if (rows.length < BATCH) break;
    }
    deleted[target.name] = total;
  }
  return deleted;
}
