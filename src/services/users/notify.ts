import type { Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import { enqueueMessage } from "../outbox/index.js";
import { isActive, mailAddressOf } from "./status.js";

export interface UserMessage {
  subject: string;
  text: string;
}

/**
 * Writes a message to the user in the caller's transaction; like the deployed broker, nothing is
 * sent to an inactive user. `cc` adds copies to other addresses (e.g. the personal e-mail).
 */
export async function notifyUser(tx: Db, user: UserRow, message: UserMessage, now: Date, cc: (string | null)[] = []): Promise<string[]> {
  const to = mailAddressOf(user);
  if (!to || !isActive(user, now)) return [];
  const recipients = [...new Set([to, ...cc].filter((a): a is string => !!a).map((a) => a.trim()))];
  for (const address of recipients) await enqueueMessage(tx, { to: address, ...message }, now);
  return recipients;
}
