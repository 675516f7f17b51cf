export { purgeStaleRows, purgeTargets, type PurgeTarget, type RetentionPolicy } from "./purge.js";
