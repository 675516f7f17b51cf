import type { Config } from "#src/config/index.js";

/**
 * Keycloak's brute-force detection (temporary lockout): failures are counted per account and
 * per client address; from the failure factor on, every failure earns a wait that grows with
 * the count, up to a ceiling, so a real user is never shut out for long. Fields: Config.bruteForce.
 */
export type BruteForcePolicy = Config["bruteForce"];

/** The defaults of BRUTE_FORCE_*, for services built without a configuration (the CLI's tests). */
export const DEFAULT_BRUTE_FORCE: BruteForcePolicy = {
  failureFactor: 5,
  addressFailureFactor: 50,
  waitIncrementSeconds: 60,
  maxWaitSeconds: 900,
  failureResetSeconds: 43_200,
  permanentLockout: false,
};

/** Keycloak's rule: increment × ⌊failures / factor⌋, capped; nothing below the factor. */
export function waitSeconds(failures: number, factor: number, policy: Pick<BruteForcePolicy, "waitIncrementSeconds" | "maxWaitSeconds">): number {
  if (failures < factor) return 0;
  return Math.min(policy.maxWaitSeconds, policy.waitIncrementSeconds * Math.floor(failures / factor));
}
