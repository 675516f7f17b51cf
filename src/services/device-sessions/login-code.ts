import { createHash, randomInt, timingSafeEqual } from "node:crypto";

export const LOGIN_CODE_DIGITS = 6;

export function newLoginCode(): string {
  return randomInt(0, 10 ** LOGIN_CODE_DIGITS).toString().padStart(LOGIN_CODE_DIGITS, "0");
}

/**
 * Salted with the challenge id. A short code is guarded online by the attempt cap; the hash
 * only keeps a database reader from using a live code directly.
 */
export function hashLoginCode(challengeId: string, code: string): string {
  return createHash("sha256").update(`${challengeId}:${code}`).digest("hex");
}

export function loginCodeMatches(challengeId: string, code: string, hash: string): boolean {
  const expected = Buffer.from(hash, "hex");
  const actual = Buffer.from(hashLoginCode(challengeId, code), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
