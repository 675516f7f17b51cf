import type { UserRow } from "#src/db/schema/index.js";
import type { UserMessage } from "../users/notify.js";
import { greetingNameOf } from "../users/status.js";

const day = (at: Date) => at.toISOString().slice(0, 10);

/** Sent when a user's first password is set. */
export function welcomeMessage(user: UserRow, expiresAt: Date): UserMessage {
  return {
    subject: "Welcome: your account is ready",
    text: `Hello ${greetingNameOf(user)},\n\nA password has been set for your account "${user.username}". It expires on ${day(expiresAt)}.\n`,
  };
}

/** Sent when a password replaces an earlier one, so an unexpected change does not go unnoticed. */
export function passwordChangedMessage(user: UserRow, expiresAt: Date): UserMessage {
  return {
    subject: "Your password was changed",
    text: `Hello ${greetingNameOf(user)},\n\nThe password of your account "${user.username}" was changed. The new one expires on ${day(expiresAt)}.\nIf you did not change it, contact your administrator at once.\n`,
  };
}
