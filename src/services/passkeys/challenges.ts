import { and, eq, gt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { CeremonyContext, PasskeyChallengeRow } from "#src/db/schema/index.js";

export type Ceremony = "registration" | "authentication";

export async function storeChallenge(db: Db, ceremony: Ceremony, challenge: string, context: CeremonyContext, now: Date, ttlMs: number): Promise<void> {
  await db.insert(tables.passkeyChallenges).values({ challenge, ceremony, context, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
}

/**
 * Spends a challenge: one DELETE, so it answers one ceremony however many race for it, on any
 * instance. Returns the ceremony's context, or undefined for an unknown, spent or expired one.
 */
export async function consumeChallenge(db: Db, ceremony: Ceremony, challenge: string, now: Date): Promise<PasskeyChallengeRow | undefined> {
  const t = tables.passkeyChallenges;
  const [row] = await db.delete(t).where(and(eq(t.challenge, challenge), eq(t.ceremony, ceremony), gt(t.expiresAt, now))).returning();
  return row;
}
