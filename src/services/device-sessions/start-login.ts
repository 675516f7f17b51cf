import { and, eq, sql } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";
import { tables } from "#src/db/index.js";
import { systemActor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { isEmailBlocked, isUserBlocked } from "../blocks/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { enqueueMessage } from "../outbox/index.js";
import { DeviceErrorCode } from "./error-codes.js";
import { hashLoginCode, newLoginCode } from "./login-code.js";

export const LOGIN_CODE_TTL_SECONDS = 600;

export interface StartedDeviceLogin {
  challengeId: string;
  expiresAt: Date;
}

/**
 * Sends a one-time code to the address. An address no user has gets a challenge too (and no
 * mail), so the answer does not tell who has an account; a blocked subject is refused.
 */
export async function startDeviceLogin({ db, clock }: ServiceDeps, realmId: string, email: string): Promise<StartedDeviceLogin> {
  const address = email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const u = tables.users;
    const [user] = await tx.select().from(u).where(and(eq(u.realmId, realmId), sql`lower(${u.email}) = ${address}`)).limit(1);
    if ((await isEmailBlocked(tx, realmId, address)) || (user && (await isUserBlocked(tx, user)))) {
      throw new DomainError(DeviceErrorCode.SUBJECT_BLOCKED, "subject is blocked");
    }
    const now = clock.now();
    const id = uuidv7();
    const code = newLoginCode();
    const expiresAt = new Date(now.getTime() + LOGIN_CODE_TTL_SECONDS * 1000);
    await tx.insert(tables.deviceLoginChallenges).values({
      id, realmId, email: address, userId: user?.id ?? null, codeHash: hashLoginCode(id, code), createdAt: now, expiresAt,
    });
    if (user) {
      await enqueueMessage(tx, {
        to: address,
        subject: "Your sign-in code",
        text: `Your sign-in code is ${code}. It expires in ${LOGIN_CODE_TTL_SECONDS / 60} minutes. If you did not ask for it, ignore this message.`,
      }, now);
      await recordAudit(tx, { action: "device_login.start", actor: systemActor, subjectType: "user", subjectId: user.id, changes: { challengeId: id } }, now);
    }
    return { challengeId: id, expiresAt };
  });
}
