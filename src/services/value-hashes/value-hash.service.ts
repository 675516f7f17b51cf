import { hashSecret, verifySecret } from "../passwords/index.js";
import { ARGON2_PREFIX, isLegacyHash, matchesLegacyHash } from "./legacy-sha512.js";

/** Hashes for other services to store (the auth-service's hash and is-equals): argon2id, the legacy form still verified. */
export function createValueHashService() {
  return {
    /** argon2id at the configured cost, salt inside the encoded form; an empty value has the empty hash. */
    hash: (value: string): Promise<string> => (value === "" ? Promise.resolve("") : hashSecret(value)),
    /**
     * Whether the value gives the hash: argon2 (constant time in the library), or the legacy
     * salted SHA-512; empty or malformed input is simply false.
     */
    async matches(value: string, hash: string): Promise<boolean> {
      if (value === "" || hash === "") return false;
      if (hash.startsWith(ARGON2_PREFIX)) return verifySecret(hash, value);
      return isLegacyHash(hash) && matchesLegacyHash(value, hash);
    },
  };
}

export type ValueHashService = ReturnType<typeof createValueHashService>;
