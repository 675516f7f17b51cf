import type { Config } from "#src/config/index.js";
import type { ChangeFeed, Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";

/** What every service factory takes. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  /** The environment's settings, for the services that read some (issuer URL, secrets key); unit tests of others omit it. */
  config?: Config;
  /** Changes announced by any instance; without it (the CLI, unit tests) cached rows only expire. */
  changes?: ChangeFeed;
}
