export { purgeStaleRows, purgeTargets, type PurgeTarget, type RetentionPolicy } from "./purge.js";
export { resealSecrets, sealedColumns } from "./reseal.js";
export { createHousekeeping, type Housekeeping, type HousekeepingReport } from "./housekeeping.js";
