import type { ServiceDeps } from "../deps/index.js";
import type { ResealCount } from "../secrets/index.js";
import { createTokenService } from "../tokens/index.js";
import { purgeStaleRows } from "./purge.js";
import { resealSecrets } from "./reseal.js";

export interface HousekeepingReport {
  deleted: Record<string, number>;
  /** Per column: values rewritten under the current SECRETS_KEY, and values no key of the ring opens. */
  resealed: Record<string, ResealCount>;
  /** Ids of the realms whose signing key the schedule rotated. */
  rotatedRealms: string[];
}

/**
 * What every instance does every PURGE_INTERVAL_SECONDS: purge stale rows, reseal values still
 * under a previous SECRETS_KEY (while SECRETS_KEY_PREVIOUS is set), rotate signing keys that are due. Each step is safe when several
 * instances run it at once (batched deletes, conditional rewrites, a rotation under the realm's lock).
 */
export function createHousekeeping(deps: ServiceDeps) {
  const tokens = createTokenService(deps);
  const settings = () => {
    if (!deps.config) throw new Error("housekeeping needs the server configuration (retention, SECRETS_KEY)");
    return deps.config;
  };
  /** Values sealed under a previous SECRETS_KEY rewritten under the current one (the CLI's `secrets reseal`). */
  const reseal = () => resealSecrets(deps.db, settings());
  return {
    reseal,
    async run(): Promise<HousekeepingReport> {
      const deleted = await purgeStaleRows(deps.db, deps.clock, settings().retention);
      // Only while a rotation is under way: without SECRETS_KEY_PREVIOUS nothing sealed can be moved to the current key.
      const resealed = settings().secretsKeyPrevious.length > 0 ? await reseal() : {};
      const rotatedRealms = await tokens.rotateDue();
      return { deleted, resealed, rotatedRealms };
    },
  };
}

export type Housekeeping = ReturnType<typeof createHousekeeping>;
