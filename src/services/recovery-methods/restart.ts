import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { RecoveryMethodRow, UserRow } from "#src/db/schema/index.js";
import { METHOD_CODE_LIFETIME_MS, newMethodCode, type MethodCodeSealer } from "./codes.js";
import { mailVerificationCode } from "./emails.js";

/** A fresh code and expiry, the attempt count back at one (the send), and the code mailed to the address. */
export async function restartVerification(tx: Db, sealer: MethodCodeSealer, user: UserRow, method: RecoveryMethodRow, now: Date): Promise<RecoveryMethodRow> {
  const code = newMethodCode();
  const codeExpiresAt = new Date(now.getTime() + METHOD_CODE_LIFETIME_MS);
  const [row] = await tx
    .update(tables.recoveryMethods)
    .set({ codeSealed: sealer.seal(method.uid, code), codeHash: null, codeExpiresAt, attempts: 1 })
    .where(eq(tables.recoveryMethods.id, method.id))
    .returning();
  await mailVerificationCode(tx, user, method.value, method.uid, code, codeExpiresAt, now);
  return row!;
}
