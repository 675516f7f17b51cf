import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { SessionRow } from "#src/db/schema/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError, ErrorCode, isId } from "../errors/index.js";
import { createSession } from "../sessions/create.js";
import { DeviceErrorCode } from "./error-codes.js";
import { loginCodeMatches } from "./login-code.js";
import { parseEd25519PublicKey } from "./public-key.js";

export const LOGIN_CODE_MAX_ATTEMPTS = 5;

const invalidCode = () => new DomainError(DeviceErrorCode.INVALID_LOGIN_CODE, "the code is not valid", { field: "code" });

/**
 * Spends one attempt, then checks the code. The attempt is claimed by one conditional UPDATE
 * committed on its own, so parallel guesses can never exceed the cap and a wrong guess is
 * counted even though the call fails.
 */
async function claimAttempt({ db, clock }: ServiceDeps, challengeId: string) {
  const c = tables.deviceLoginChallenges;
  const now = clock.now();
  const [claimed] = await db
    .update(c)
    .set({ attempts: sql`${c.attempts} + 1` })
    .where(and(eq(c.id, challengeId), isNull(c.consumedAt), gt(c.expiresAt, now), lt(c.attempts, LOGIN_CODE_MAX_ATTEMPTS)))
    .returning();
  if (claimed) return claimed;
  const [row] = await db.select().from(c).where(eq(c.id, challengeId));
  if (!row || row.consumedAt) throw invalidCode();
  if (row.expiresAt <= now) throw new DomainError(DeviceErrorCode.LOGIN_CODE_EXPIRED, "the code has expired; start again");
  throw new DomainError(DeviceErrorCode.LOGIN_ATTEMPTS_EXCEEDED, "too many attempts; start again");
}

/** Checks the e-mailed code and opens a device session bound to the client's Ed25519 key. */
export async function completeDeviceLogin(
  deps: ServiceDeps,
  input: { challengeId: string; code: string; clientPublicKey: string; ip?: string | null; userAgent?: string | null },
): Promise<SessionRow> {
  const { canonical } = parseEd25519PublicKey(input.clientPublicKey);
  if (!isId(input.challengeId) || !/^\d{6}$/.test(input.code)) throw invalidCode();
  const challenge = await claimAttempt(deps, input.challengeId);
  if (!challenge.userId || !loginCodeMatches(challenge.id, input.code, challenge.codeHash)) throw invalidCode();
  const userId = challenge.userId;
  return deps.db.transaction(async (tx) => {
    const c = tables.deviceLoginChallenges;
    const now = deps.clock.now();
    const [consumed] = await tx.update(c).set({ consumedAt: now }).where(and(eq(c.id, challenge.id), isNull(c.consumedAt))).returning({ id: c.id });
    if (!consumed) throw invalidCode();
    let session: SessionRow;
    try {
      session = await createSession(tx, deps.clock, { userId, kind: "device", clientPublicKey: canonical, ip: input.ip, userAgent: input.userAgent });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.FORBIDDEN) throw new DomainError(DeviceErrorCode.SUBJECT_BLOCKED, "subject is blocked");
      throw error;
    }
    await recordAudit(tx, { action: "device_login.complete", actor: { type: "user", id: userId }, subjectType: "session", subjectId: session.id, changes: { userId, kind: "device" } }, now);
    return session;
  });
}
