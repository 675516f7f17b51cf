/**
 * In-process copies of rows that change rarely and are harmless when a moment stale (realms,
 * clients, signing keys). Every instance drops them when the change feed says they changed,
 * and after ttlMs in any case, as a backstop for a notification that never came.
 * Misses are not kept: a flood of unknown names costs queries, never memory.
 */
export interface RowCache<V> {
  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
  clear(): void;
}

export interface RowCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

export function rowCache<V>({ ttlMs, maxEntries }: RowCacheOptions): RowCache<V> {
  const entries = new Map<string, { value: Promise<V | undefined>; expiresAt: number }>();
  // A load that began before a clear() must not store what it read.
  let generation = 0;

  return {
    get(key, load) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now) return hit.value;
      if (hit) entries.delete(key);
      const startedIn = generation;
      const value = load();
      // Concurrent readers of one key share one load.
      entries.set(key, { value, expiresAt: now + ttlMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      value.then(
        (row) => {
          if (row === undefined || startedIn !== generation) {
            if (entries.get(key)?.value === value) entries.delete(key);
          }
        },
        () => {
          if (entries.get(key)?.value === value) entries.delete(key);
        },
      );
      return value;
    },
    clear() {
      generation += 1;
      entries.clear();
    },
  };
}
