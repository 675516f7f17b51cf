import type { Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import { enqueueMessage, type OutgoingMessage } from "../outbox/index.js";
import { greetingNameOf } from "../users/status.js";
import { userAddress } from "./owner.js";

const nameOf = greetingNameOf;

/** The broker's MFA messages (reference §6), by their message type. */
const templates = {
  "mfa-enabled": (user: UserRow) => ({
    subject: "2-Step Verification is on",
    text: `Hello ${nameOf(user)},\n\n2-Step Verification is now on for your account ${user.username}.\nIf you did not do this, contact your help desk at once.`,
  }),
  "mfa-option-added": (user: UserRow, label: string) => ({
    subject: "A 2-Step Verification option was added",
    text: `Hello ${nameOf(user)},\n\n"${label}" was added to the 2-Step Verification options of your account ${user.username}.\nIf you did not do this, contact your help desk at once.`,
  }),
  "mfa-option-removed": (user: UserRow, label: string) => ({
    subject: "A 2-Step Verification option was removed",
    text: `Hello ${nameOf(user)},\n\n"${label}" was removed from the 2-Step Verification options of your account ${user.username}.\nIf you did not do this, contact your help desk at once.`,
  }),
  "mfa-disabled": (user: UserRow) => ({
    subject: "2-Step Verification is off",
    text: `Hello ${nameOf(user)},\n\nThe last 2-Step Verification option of your account ${user.username} was removed, so 2-Step Verification is off.\nIf you did not do this, contact your help desk at once.`,
  }),
  "mfa-rate-limit": (user: UserRow) => ({
    subject: "Too many failed 2-Step Verification attempts",
    text: `Hello ${nameOf(user)},\n\nThere have been too many failed 2-Step Verification attempts on your account ${user.username}. Further attempts are refused for a few minutes.\nIf this was not you, contact your help desk.`,
  }),
  "refresh-backup-codes": (user: UserRow, remaining: number) => ({
    subject: "Print new backup codes",
    text: `Hello ${nameOf(user)},\n\nOnly ${remaining} of your printable backup codes are left. Please create a new set.`,
  }),
  "mfa-recovery-help": (user: UserRow, contact: string) => ({
    subject: "A backup code was sent for you",
    text: `Hello ${nameOf(user)},\n\nA 2-Step Verification code for your account ${user.username} was sent to ${contact}. Ask them for it to sign in.`,
  }),
};

type UserTemplate = keyof typeof templates;
type TemplateArgs<K extends UserTemplate> = (typeof templates)[K] extends (user: UserRow, ...rest: infer R) => unknown ? R : never;

/** Mails the user, skipped for an inactive user or one without an address (as the broker does). */
export async function mailUser<K extends UserTemplate>(tx: Db, user: UserRow, kind: K, now: Date, ...args: TemplateArgs<K>): Promise<void> {
  const to = userAddress(user, now);
  if (!to) return;
  const build = templates[kind] as (user: UserRow, ...rest: unknown[]) => Omit<OutgoingMessage, "to">;
  await enqueueMessage(tx, { to, ...build(user, ...args) }, now);
}

/** "mfa-recovery": the code for a manager or a recovery contact, who is not the user. */
export async function mailContactCode(tx: Db, to: string, user: UserRow, code: string, now: Date): Promise<void> {
  await enqueueMessage(
    tx,
    {
      to,
      subject: `A 2-Step Verification code for ${nameOf(user)}`,
      text: `Hello,\n\n${nameOf(user)} (${user.username}) asked for your help to sign in. Their one-time code is:\n\n${code}\n\nThe code works once and lapses in 7 days. Please give it only to ${nameOf(user)}.`,
    },
    now,
  );
}
