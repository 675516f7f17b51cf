import { createHmac, randomInt } from "node:crypto";

export const CODE_DIGITS = 8;
/** MFA_NUM_BACKUPCODES of the deployed broker. */
export const BACKUP_CODE_COUNT = 10;
/** Below this many printable codes left, the user is asked to print new ones. */
export const BACKUP_CODES_BEFORE_NAG = 4;
/** Manager and recovery-contact codes are for one emergency, not for keeps. */
export const CONTACT_CODE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Eight random digits, leading zeros kept. */
export function newCode(): string {
  return randomInt(0, 10 ** CODE_DIGITS).toString().padStart(CODE_DIGITS, "0");
}

/**
 * HMAC-SHA256 keyed from SECRETS_KEY and salted with the MFA id: a stolen table alone cannot
 * test guesses, and equal codes of two MFAs do not share a hash. The hash of a candidate is
 * looked up directly, so a verification costs one indexed statement.
 */
export function codeHash(key: Buffer, mfaId: number, code: string): string {
  return createHmac("sha256", key).update(`${mfaId}:${code}`).digest("base64url");
}
