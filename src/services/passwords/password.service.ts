import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PasswordRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError, ErrorCode, isId, notFound } from "../errors/index.js";
import { notifyUser } from "../users/notify.js";
import { PasswordErrorCode } from "./error-codes.js";
import { effectivePasswordDates, newPasswordDates, type PasswordDates } from "./expiry.js";
import { dummyPasswordHash, hashSecret, verifySecret } from "./hashing.js";
import { passwordChangedMessage, welcomeMessage } from "./messages.js";
import { rehashIfStale } from "./rehash.js";
import { assertPasswordAcceptable, passwordPolicyOf } from "./policy.js";
import { currentPassword, currentPasswordsOfUsers, recentPasswords } from "./queries.js";

/** The deployed PASSWORD_REUSE_LIMIT: the current password and the nine before it. */
export const PASSWORD_REUSE_LIMIT = 10;

const reused = () => new DomainError(PasswordErrorCode.PASSWORD_REUSED, "May not be reused yet", { field: "password" });

/** Verifies the candidate against every given row (argon2 runs on the thread pool, so in parallel). */
async function matchesAny(rows: PasswordRow[], password: string): Promise<boolean> {
  const results = await Promise.all(rows.map((row) => verifySecret(row.hash, password)));
  return results.includes(true);
}

export interface SetPasswordOptions {
  /** E-mail the user: "welcome" for a first password, "password changed" otherwise. */
  notify?: boolean;
}

export function createPasswordService({ db, clock, config }: ServiceDeps) {
  const policy = passwordPolicyOf(config);

  /**
   * Policy, then reuse. The slow comparisons run before the transaction; inside it, under the
   * user's row lock, only rows written meanwhile are compared, so two concurrent requests with
   * the same password cannot both pass.
   */
  async function checkedAgainstHistory(userId: string, password: string): Promise<Set<string>> {
    assertPasswordAcceptable(password, policy);
    if (!isId(userId)) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    const history = await recentPasswords(db, userId, PASSWORD_REUSE_LIMIT);
    if (await matchesAny(history, password)) throw reused();
    return new Set(history.map((row) => row.id));
  }

  async function lockUser(tx: Db, userId: string) {
    const [user] = await tx.select().from(tables.users).where(eq(tables.users.id, userId)).for("update");
    if (!user) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    return user;
  }

  /** Stores a new current password; older rows stay as history (the last ten may not be reused). */
  async function set(userId: string, password: string, actor: Actor, options: SetPasswordOptions = {}): Promise<void> {
    const compared = await checkedAgainstHistory(userId, password);
    const hash = await hashSecret(password);
    await db.transaction(async (tx) => {
      const user = await lockUser(tx, userId);
      const history = await recentPasswords(tx, userId, PASSWORD_REUSE_LIMIT);
      if (await matchesAny(history.filter((row) => !compared.has(row.id)), password)) throw reused();
      const now = clock.now();
      const dates = newPasswordDates(now);
      await tx.insert(tables.passwords).values({ userId, hash, createdAt: now, ...dates });
      await recordAudit(tx, { action: "user.password.set", actor, subjectType: "user", subjectId: userId, changes: { expiresAt: dates.expiresAt.toISOString() } }, now);
      if (options.notify) {
        const message = history.length === 0 ? welcomeMessage(user, dates.expiresAt) : passwordChangedMessage(user, dates.expiresAt);
        await notifyUser(tx, user, message, now);
      }
    });
  }

  /** The checks of `set` without saving anything: throws as `set` would. */
  async function assess(userId: string, password: string): Promise<void> {
    const [user] = isId(userId) ? await db.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.id, userId)).limit(1) : [];
    if (!user) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    await checkedAgainstHistory(userId, password);
  }

  /** The user's current password row when the password matches it; takes the same time whether or not the user has one. */
  async function matchCurrent(userId: string | undefined, password: string): Promise<PasswordRow | undefined> {
    const row = userId ? await currentPassword(db, userId) : undefined;
    const ok = await verifySecret(row?.hash ?? (await dummyPasswordHash()), password);
    if (!ok || !row) return undefined;
    await rehashIfStale(db, row, password);
    return row;
  }

  async function hasPassword(userId: string): Promise<boolean> {
    return (await currentPassword(db, userId)) !== undefined;
  }

  /** Each user's current password dates in force now (pushed out while the user has a verified second factor); none: no password. */
  async function infoOfUsers(userIds: readonly string[]): Promise<Map<string, PasswordInfo>> {
    const current = await currentPasswordsOfUsers(db, userIds.filter(isId));
    return new Map([...current].map(([userId, { row, verifiedMfaCount: n }]) => [userId, { createdAt: row.createdAt, ...effectivePasswordDates(row, n) }]));
  }

  return { set, assess, matchCurrent, hasPassword, infoOfUsers };
}

export type PasswordInfo = PasswordDates & { createdAt: Date };

export type PasswordService = ReturnType<typeof createPasswordService>;
