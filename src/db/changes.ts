import { sql } from "drizzle-orm";
import type { Db } from "./database.js";

/** The PostgreSQL channel on which every instance hears of changes to rows it may hold in memory. */
export const CHANGES_CHANNEL = "identity_changes";

/** What changed: a kind of row whose in-process copies must be dropped, or new session events to read. */
export type ChangeTopic = "realms" | "clients" | "signing-keys" | "session-events";

/** Heard by subscribers: a topic, or "*" when notifications may have been missed (a listener (re)connected). */
export type ChangeSignal = ChangeTopic | "*";

/**
 * Tells every instance listening on this database (this one included) that rows changed. Sent
 * inside the writer's transaction, the notification is delivered only if, and after, it commits.
 */
export async function announceChange(tx: Db, topic: ChangeTopic): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${topic})`);
}

/** What this process hears of changes: from every instance through the database, and its own at once. */
export interface ChangeFeed {
  /** Tells this process's subscribers at once: the writer's own instance must not wait for the round trip. */
  announceLocally(topic: ChangeTopic): void;
  subscribe(fn: (signal: ChangeSignal) => void): () => void;
  /** Settles once the listener is listening (at once when nobody subscribed). */
  ready(): Promise<void>;
}

export function createChangeFeed(): Omit<ChangeFeed, "ready"> & { deliver(signal: ChangeSignal): void } {
  const subscribers = new Set<(signal: ChangeSignal) => void>();
  const deliver = (signal: ChangeSignal) => {
    for (const fn of subscribers) fn(signal);
  };
  return {
    announceLocally: deliver,
    subscribe(fn) {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    deliver,
  };
}

const TOPICS: ReadonlySet<string> = new Set<ChangeTopic>(["realms", "clients", "signing-keys", "session-events"]);

/** A payload heard on the channel, as a signal; anything unknown clears everything, to be safe. */
export function signalOf(payload: string): ChangeSignal {
  return TOPICS.has(payload) ? (payload as ChangeTopic) : "*";
}
