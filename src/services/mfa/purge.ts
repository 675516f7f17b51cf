import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { PurgeTarget } from "../housekeeping/purge.js";
import { FAILURE_WINDOW_MS } from "./attempts.js";

const HOUR = 3_600_000;
/** MFA_LIFETIME of the deployed broker: an enrolment not finished in two hours is dropped. */
export const UNVERIFIED_MFA_LIFETIME_MS = 2 * HOUR;

const m = tables.mfas;
const c = tables.mfaCodes;

/** MFA rows that go stale, for the batched purge (src/services/housekeeping). */
export const mfaPurgeTargets: PurgeTarget[] = [
  { name: "webauthn challenges", table: tables.mfaWebauthnChallenges, key: [tables.mfaWebauthnChallenges.id], stale: (now) => lt(tables.mfaWebauthnChallenges.expiresAt, now) },
  // Failures outside the window no longer count; the audit log keeps the history.
  { name: "mfa failed attempts", table: tables.mfaFailedAttempts, key: [tables.mfaFailedAttempts.id], stale: (now) => lt(tables.mfaFailedAttempts.at, new Date(now.getTime() - FAILURE_WINDOW_MS)) },
  { name: "expired mfa codes", table: c, key: [c.id], stale: (now) => lt(c.expiresAt, now) },
  { name: "unfinished mfa enrolments", table: m, key: [m.id], stale: (now) => and(eq(m.verified, false), lt(m.createdAt, new Date(now.getTime() - UNVERIFIED_MFA_LIFETIME_MS))) },
  {
    // A manager or recovery-contact MFA whose every code has lapsed helps no one.
    name: "spent contact codes",
    table: m,
    key: [m.id],
    stale: (now) =>
      and(inArray(m.type, ["manager", "recovery"]), sql`not exists (select 1 from ${c} where ${c.mfaId} = ${m.id} and ${or(isNull(c.expiresAt), gt(c.expiresAt, now))})`),
  },
];
