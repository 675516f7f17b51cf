import type { Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";
import type { PasskeySettings } from "./settings.js";

/** What the passkey rules take: the database, the clock, the relying party and the realm passkey users live in. */
export interface PasskeyDeps {
  db: Db;
  clock: Clock;
  settings: PasskeySettings;
  /** How long a started ceremony may wait for the browser's answer (also the challenge's lifetime). */
  ceremonyTimeoutMs: number;
  /** The default realm's id: passkey users are its users. */
  realmId(): Promise<string>;
}
