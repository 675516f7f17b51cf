import type { UserRow } from "#src/db/schema/index.js";
import type { UserMessage } from "../users/notify.js";
import { greetingNameOf } from "../users/status.js";

/** The invite e-mail: the code signs the user in once, so they can set a password. */
export function inviteMessage(user: UserRow, code: string, expiresAt: Date): UserMessage {
  return {
    subject: "You are invited: set up your account",
    text:
      `Hello ${greetingNameOf(user)},\n\nAn account "${user.username}" has been created for you. ` +
      `Use this invite code to sign in and choose a password:\n\n${code}\n\nThe code is valid until ${expiresAt.toISOString().slice(0, 10)}.\n`,
  };
}
