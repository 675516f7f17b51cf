import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export const METHOD_CODE_DIGITS = 6;
/** METHOD_LIFETIME of the deployed broker: five days to verify. */
export const METHOD_CODE_LIFETIME_MS = 5 * 24 * 60 * 60 * 1000;
/** Sending counts as one, so nine wrong codes after a send use them up. */
export const METHOD_MAX_ATTEMPTS = 10;

export function newMethodCode(): string {
  return randomInt(0, 10 ** METHOD_CODE_DIGITS).toString().padStart(METHOD_CODE_DIGITS, "0");
}

/** 32 characters of [A-Za-z0-9_-]: the broker's method uid. */
export function newMethodUid(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Salted with the uid. A six-digit code is guarded online by the attempt cap and its expiry;
 * the hash keeps a reader of the table from using a live code directly.
 */
export function methodCodeHash(uid: string, code: string): string {
  return createHash("sha256").update(`${uid}:${code}`).digest("hex");
}

export function methodCodeMatches(uid: string, code: string, hash: string | null): boolean {
  if (!hash) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = Buffer.from(methodCodeHash(uid, code), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
