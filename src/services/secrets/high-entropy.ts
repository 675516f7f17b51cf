import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Secrets the server generates itself (API keys, client secrets) carry 256 random bits, so a
 * single SHA-256 is as good as a slow hash against guessing and costs microseconds, which
 * matters because they are checked on every request. Passwords, chosen by people, keep argon2id.
 */
export const HIGH_ENTROPY_HASH_PREFIX = "sha256:";

export function hashHighEntropySecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Compares in constant time; a hash that is not 32 bytes of hex never matches. */
export function highEntropySecretMatches(hexHash: string, secret: string): boolean {
  const a = Buffer.from(hexHash, "hex");
  const b = Buffer.from(hashHighEntropySecret(secret), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
