import type { MfaType } from "#src/db/schema/index.js";
import { DomainError } from "../errors/index.js";
import { MfaErrorCode } from "./error-codes.js";

export const MFA_TYPES: readonly MfaType[] = ["backupcode", "totp", "webauthn", "manager", "recovery"];

/** The deployed broker's names for each type, used when no label is given. */
export const DEFAULT_LABELS: Record<MfaType, string> = {
  backupcode: "Printable Codes",
  totp: "Authenticator App",
  webauthn: "Security Key",
  manager: "Manager Backup Code",
  recovery: "Recovery Contact Code",
};

export const MAX_LABEL_LENGTH = 64;

export function isMfaType(value: unknown): value is MfaType {
  return typeof value === "string" && (MFA_TYPES as readonly string[]).includes(value);
}

/** A blank or absent label means the type's name; surrounding spaces are dropped. */
export function labelOrDefault(label: string | null | undefined, fallback: string): string {
  const trimmed = (label ?? "").trim();
  if (trimmed.length > MAX_LABEL_LENGTH) {
    throw new DomainError(MfaErrorCode.MFA_LABEL_INVALID, `label must be at most ${MAX_LABEL_LENGTH} characters`, { field: "label" });
  }
  return trimmed || fallback;
}

/** "Security Key-N": N one past the number of keys, moved on past labels already taken. */
export function nextCredentialLabel(taken: readonly string[]): string {
  const used = new Set(taken);
  let n = taken.length + 1;
  while (used.has(`${DEFAULT_LABELS.webauthn}-${n}`)) n += 1;
  return `${DEFAULT_LABELS.webauthn}-${n}`;
}
