import type { UserRow } from "#src/db/schema/index.js";

/** Active, unless switched off or a contingent account past its expiry (the broker deactivates those on load). */
export function isActive(user: Pick<UserRow, "active" | "expiresOn">, now: Date): boolean {
  return user.active && !(user.expiresOn && now > user.expiresOn);
}

/** Where mail for the user goes: the organisational address, else the personal one. */
export function mailAddressOf(user: Pick<UserRow, "email" | "personalEmail">): string | null {
  return user.email || user.personalEmail || null;
}

export function greetingNameOf(user: Pick<UserRow, "displayName" | "firstName" | "lastName" | "username">): string {
  return user.displayName || [user.firstName, user.lastName].filter(Boolean).join(" ") || user.username;
}
