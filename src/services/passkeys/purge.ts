import { lt } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { PurgeTarget } from "../housekeeping/purge.js";

/** Passkey rows that go stale, for the batched purge (src/services/housekeeping); ended sessions go with their session row. */
export const passkeyPurgeTargets: PurgeTarget[] = [
  { name: "passkey challenges", table: tables.passkeyChallenges, key: [tables.passkeyChallenges.id], stale: (now) => lt(tables.passkeyChallenges.expiresAt, now) },
  { name: "passkey reset links", table: tables.passkeyResetTokens, key: [tables.passkeyResetTokens.keyHash], stale: (now) => lt(tables.passkeyResetTokens.expiresAt, now) },
];
