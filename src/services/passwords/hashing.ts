import argon2 from "argon2";
import pLimit from "p-limit";

export interface HashCost {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
}

/** argon2id at m=64 MiB, t=3, p=4 (the library's defaults, above OWASP's minimum). */
export const DEFAULT_HASH_COST: HashCost = { memoryCost: 65_536, timeCost: 3 };

const PARALLELISM = 4;
let cost: HashCost = DEFAULT_HASH_COST;
let dummyHash: Promise<string> | undefined;
/**
 * Hashes beyond the limit wait here rather than in libuv's thread pool, where they would hold up
 * token signing. Two until configured (the server and the CLI configure it at start).
 */
const inFlight = pLimit(2);

/**
 * Sets the cost of new hashes for this process (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_TIME_COST)
 * and how many run at once (config's hashesInFlight). Existing hashes carry their own parameters
 * and keep verifying; a login rehashes them (rehash.ts).
 */
export function configureHashCost(next: HashCost & { inFlight?: number }): void {
  if (next.inFlight !== undefined) inFlight.concurrency = next.inFlight;
  if (next.memoryCost === cost.memoryCost && next.timeCost === cost.timeCost) return;
  cost = { memoryCost: next.memoryCost, timeCost: next.timeCost };
  dummyHash = undefined;
}

export function hashSecret(secret: string): Promise<string> {
  return inFlight(() => argon2.hash(secret, { type: argon2.argon2id, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: PARALLELISM }));
}

/** Whether a hash was made otherwise than new hashes are now (another variant or other PASSWORD_HASH_* parameters). */
export function hashNeedsRehash(hash: string): boolean {
  if (!hash.startsWith("$argon2id$")) return true;
  try {
    return argon2.needsRehash(hash, { memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: PARALLELISM });
  } catch {
    return false;
  }
}

export async function verifySecret(hash: string, secret: string): Promise<boolean> {
  try {
    return await inFlight(() => argon2.verify(hash, secret));
  } catch {
    return false;
  }
}

/** A fixed hash to verify against when there is no user, so both answers take the same time. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashSecret("dummy-password-for-constant-time");
  return dummyHash;
}
