import type { Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import { enqueueMessage } from "../outbox/index.js";
import { greetingNameOf as nameOf } from "../users/status.js";


/** "method-verify": goes to the address being added, with its code and uid. */
export async function mailVerificationCode(tx: Db, user: UserRow, to: string, uid: string, code: string, expiresAt: Date, now: Date): Promise<void> {
  await enqueueMessage(
    tx,
    {
      to,
      subject: "Please verify your recovery e-mail address",
      text:
        `Hello ${nameOf(user)},\n\n${to} was added as a recovery address of your account ${user.username}.\n` +
        `To confirm it, enter this code:\n\n${code}\n\n(method ${uid}; the code works until ${expiresAt.toISOString()}).\n` +
        `If you did not ask for this, you can ignore this message.`,
    },
    now,
  );
}
