import { announceChange, type ChangeFeed, type ChangeTopic, type Db } from "#src/db/index.js";
import { rowCache, type RowCache } from "./row-cache.js";

/** Long enough to spare the database, short enough that a lost notification heals quickly. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export interface CachedRows<V> extends RowCache<V> {
  /** Inside a writing transaction: every instance drops its copies once it commits. */
  announce(tx: Db): Promise<void>;
  /** After that transaction committed: this instance drops its copies now, not a round trip later. */
  changed(): void;
}

/** A row cache for one topic of the change feed (without a feed, as in the CLI, it only expires). */
export function cachedRows<V>(topic: ChangeTopic, changes: ChangeFeed | undefined): CachedRows<V> {
  const cache = rowCache<V>({ ttlMs: TTL_MS, maxEntries: MAX_ENTRIES });
  changes?.subscribe((signal) => {
    if (signal === topic || signal === "*") cache.clear();
  });
  return {
    ...cache,
    announce: (tx) => announceChange(tx, topic),
    changed: () => (changes ? changes.announceLocally(topic) : cache.clear()),
  };
}
