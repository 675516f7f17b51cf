import type { Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";

/** What every service factory takes. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
}
