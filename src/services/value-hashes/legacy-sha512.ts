import { createHash, timingSafeEqual } from "node:crypto";

/** Length of the legacy form: a 64-character salt and the 88-character base64 of a SHA-512 digest. */
export const LEGACY_HASH_LENGTH = 152;
const SALT_LENGTH = 64;
/** How an encoded argon2 hash begins; every other 152-character hash is the legacy form. */
export const ARGON2_PREFIX = "$argon2";

/** The form earlier deployments stored: not argon2, and exactly 152 characters. */
export function isLegacyHash(hash: string): boolean {
  return !hash.startsWith(ARGON2_PREFIX) && hash.length === LEGACY_HASH_LENGTH;
}

/** [salt][base64 SHA-512 of the value followed by the salt]: the deployed service's sha512(value, salt). */
export function legacyHash(value: string, salt: string): string {
  return salt + createHash("sha512").update(value).update(salt).digest("base64");
}

/** Whether the value gives the stored legacy hash, compared in constant time. */
export function matchesLegacyHash(value: string, hash: string): boolean {
  const expected = Buffer.from(legacyHash(value, hash.slice(0, SALT_LENGTH)));
  const stored = Buffer.from(hash);
  // Lengths differ only for a salt with multi-byte characters, which no deployment wrote.
  return expected.length === stored.length && timingSafeEqual(expected, stored);
}
