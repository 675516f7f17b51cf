import type { ServiceDeps } from "../deps/index.js";
import { AccountGate } from "./account-gate.js";
import { checkCredential, type CredentialCheck } from "./guard.js";
import { DEFAULT_BRUTE_FORCE } from "./policy.js";
import { closeCounters, countersFor } from "./store.js";

/** The brute-force rule every credential check of every contract runs under (see guard.ts). */
export function createRateLimitService({ db, clock, config }: ServiceDeps) {
  const policy = config?.bruteForce ?? DEFAULT_BRUTE_FORCE;
  const ctx = { db, clock, policy, counters: () => countersFor(db, policy, config?.redisUrl), gate: new AccountGate(policy.failureFactor) };
  return {
    /** True when the credential is right; throws TOO_MANY_FAILURES, without checking it, while a subject waits. */
    check: (check: CredentialCheck) => checkCredential(ctx, check),
    /** Closes the Redis connection, if there is one. */
    close: () => closeCounters(db),
  };
}

export type RateLimitService = ReturnType<typeof createRateLimitService>;
