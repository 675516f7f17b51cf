import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { RateLimiterRes } from "rate-limiter-flexible";
import { tables, type Db } from "#src/db/index.js";
import { systemActor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { Clock } from "../clock/index.js";
import { DomainError } from "../errors/index.js";
import type { AccountGate } from "./account-gate.js";
import { RateLimitErrorCode } from "./error-codes.js";
import { waitSeconds, type BruteForcePolicy } from "./policy.js";
import type { Counters } from "./store.js";
import { counterKey, isAccount, type Subject } from "./subjects.js";

export interface CredentialCheck {
  /** Whom the failures count against; absent ones (no such user, no address) are skipped. */
  subjects: (Subject | undefined)[];
  /** The credential's field, named on the refusal so each contract answers as for that credential. */
  field: string;
  /** The check itself: true when the credential is right. Not run while a subject waits. */
  verify(): Promise<boolean>;
}

export interface GuardContext {
  db: Db;
  clock: Clock;
  policy: BruteForcePolicy;
  counters(): Counters;
  /** This instance's line per account (account-gate.ts), as wide as the failure factor. */
  gate: AccountGate;
}

const tooMany = (field: string) => new DomainError(RateLimitErrorCode.TOO_MANY_FAILURES, "too many failed attempts, try again later", { field });

/** How long a check may queue (in this instance's line, then behind its account's turn) before it is refused, and how often it looks again at a turn. */
const QUEUE_MS = 10_000;
const POLL_MS = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A rejection of the library is a RateLimiterRes when the points are spent, an Error when the store failed. */
async function claimTurn(counters: Counters, key: string): Promise<boolean> {
  try {
    await counters.turns.consume(key);
    return true;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return false;
    throw rejection;
  }
}

async function release(counters: Counters, accounts: Subject[], turns: Set<Subject>): Promise<void> {
  await Promise.all(accounts.map((s) => Promise.all([counters.failures.reward(counterKey(s)), turns.has(s) ? counters.turns.delete(counterKey(s)) : undefined])));
  turns.clear();
}

type Admission = "admitted" | "waiting" | "queued";

/**
 * One try at admission. A wait refuses; a turn held by another check of the account means
 * queueing until that check settles. A check that is not admitted gives its reservations back
 * and lets go of the turns it won.
 */
async function admit(ctx: GuardContext, subjects: Subject[], turns: Set<Subject>): Promise<Admission> {
  const counters = ctx.counters();
  const accounts = subjects.filter(isAccount);
  const reserved = await counters.reserve(accounts.map(counterKey), subjects.map(counterKey));
  if (!reserved) return "waiting";
  let queued = false;
  for (const s of accounts) {
    if (reserved.get(counterKey(s))! < ctx.policy.failureFactor) continue;
    if (await claimTurn(counters, counterKey(s))) turns.add(s);
    else queued = true;
  }
  if (!queued) {
    // A turn won just after its last holder failed: that holder set the wait before letting go of
    // the turn, so the wait is there now even if the first look came too early for it.
    if (turns.size === 0 || !(await waiting(counters, subjects))) return "admitted";
    await release(counters, accounts, turns);
    return "waiting";
  }
  await release(counters, accounts, turns);
  return "queued";
}

const waiting = (counters: Counters, subjects: Subject[]): Promise<boolean> => counters.anyWaiting(subjects.map(counterKey));

/**
 * Runs one credential check under the brute-force rule, in this order:
 * 1. a subject that waits refuses the check outright: the credential is not verified, so a right
 *    one and a wrong one get the same answer;
 * 2. each account reserves its failure before the check (atomically, in the shared store); a
 *    reservation at or past the factor must also win the account's turn, which admits one check at
 *    a time from there on (the others queue, up to QUEUE_MS), so concurrent guesses verify at most
 *    `failureFactor` times while concurrent right passwords all get through, a few at a time
 *    (within one instance, the checks past the factor wait in its line instead: account-gate.ts);
 * 3. a success forgets the account's failures (an address's stay until their window ends, so one
 *    account of one's own cannot launder a spray); a failure keeps the reservation, counts against
 *    the address, and past a factor starts a wait (or, by choice, locks the user), audited.
 */
export async function checkCredential(ctx: GuardContext, check: CredentialCheck): Promise<boolean> {
  const subjects = check.subjects.filter((s): s is Subject => s !== undefined);
  const deadline = Date.now() + QUEUE_MS;
  const leave: (() => void)[] = [];
  try {
    // In key order, so two checks naming the same two accounts cannot hold one line each.
    for (const key of subjects.filter(isAccount).map(counterKey).sort()) {
      const left = await ctx.gate.enter(key, deadline);
      if (!left) throw tooMany(check.field);
      leave.push(left);
    }
    return await checkAdmitted(ctx, check, subjects, deadline);
  } finally {
    for (const left of leave) left();
  }
}

async function checkAdmitted(ctx: GuardContext, check: CredentialCheck, subjects: Subject[], deadline: number): Promise<boolean> {
  const counters = ctx.counters();
  const accounts = subjects.filter(isAccount);
  const turns = new Set<Subject>();
  for (;;) {
    const admission = await admit(ctx, subjects, turns);
    if (admission === "admitted") break;
    if (admission === "waiting" || Date.now() >= deadline) throw tooMany(check.field);
    await sleep(POLL_MS + randomInt(POLL_MS));
  }

  let ok: boolean;
  try {
    ok = await check.verify();
  } catch (error) {
    await release(counters, accounts, turns);
    throw error;
  }
  if (ok) {
    await Promise.all(accounts.map((s) => Promise.all([counters.failures.delete(counterKey(s)), turns.has(s) ? counters.turns.delete(counterKey(s)) : undefined])));
    return true;
  }
  await Promise.all([...[...turns].map((s) => accountFailed(ctx, s)), ...subjects.filter((s) => !isAccount(s)).map((s) => addressFailed(ctx, s))]);
  return false;
}

/** The turn holder failed: the count (its own reservation included) sets the wait, which is in place before the turn is let go. */
async function accountFailed(ctx: GuardContext, subject: Subject): Promise<void> {
  const counters = ctx.counters();
  const key = counterKey(subject);
  const failures = (await counters.failures.get(key))?.consumedPoints ?? 0;
  const wait = waitSeconds(failures, ctx.policy.failureFactor, ctx.policy);
  if (wait > 0 && ctx.policy.permanentLockout && subject.type === "user") {
    await lockUser(ctx, subject, failures);
    await counters.failures.delete(key);
  } else if (wait > 0) {
    await counters.waits.block(key, wait);
    await recordAudit(ctx.db, lockedEvent(subject, { failures, waitSeconds: wait }), ctx.clock.now());
  }
  await counters.turns.delete(key);
}

async function addressFailed(ctx: GuardContext, subject: Subject): Promise<void> {
  const counters = ctx.counters();
  const key = counterKey(subject);
  const failures = (await counters.failures.penalty(key)).consumedPoints;
  const wait = waitSeconds(failures, ctx.policy.addressFailureFactor, ctx.policy);
  if (wait === 0) return;
  await counters.waits.block(key, wait);
  await recordAudit(ctx.db, lockedEvent(subject, { failures, waitSeconds: wait }), ctx.clock.now());
}

/** The lock an admin lifts (updateUser locked: false); the counters start again from nothing after it. */
async function lockUser(ctx: GuardContext, subject: Subject, failures: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    await tx.update(tables.users).set({ locked: true, updatedAt: now }).where(eq(tables.users.id, subject.id));
    await recordAudit(tx, lockedEvent(subject, { failures, permanent: true }), now);
  });
}

const lockedEvent = (subject: Subject, changes: Record<string, unknown>) => ({
  action: "brute_force.locked",
  actor: systemActor,
  subjectType: subject.type,
  subjectId: subject.id,
  changes,
});
