import { lt } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { PurgeTarget } from "../housekeeping/purge.js";

const HOUR = 3_600_000;

/** Counters an hour past their expiry (the library's own margin); a null expiry is a permanent block and stays. */
export const rateLimitPurgeTargets: PurgeTarget[] = [
  { name: "expired rate-limit counters", table: tables.rateLimits, key: [tables.rateLimits.key], stale: (now) => lt(tables.rateLimits.expire, new Date(now.getTime() - HOUR)) },
];
