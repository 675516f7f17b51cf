import type { ChangeFeed, Db } from "#src/db/index.js";
import type { SessionEventRow } from "#src/db/schema/index.js";
import { currentCursor, readEventsAfter, type EventCursor } from "./read.js";
import { SESSION_EVENTS_TOPIC } from "./record.js";

const BATCH = 500;
/** How soon to look again when committed rows wait behind an older running transaction: 25 ms, doubling while it runs on. */
const HELD_RETRY_MS = 25;

export interface SessionEventFeedOptions {
  db: Db;
  changes: ChangeFeed;
  /** Whether anyone on this instance listens: nobody listening, nothing is read. */
  wanted(): boolean;
  publish(events: SessionEventRow[]): void;
  /** A backstop: a notification can be lost (a listener reconnecting, a dropped connection). */
  pollMs: number;
  onError(error: unknown): void;
}

export interface SessionEventFeed {
  /** Reads now (after this instance's own listener arrived): resolves once caught up. */
  catchUp(): Promise<void>;
  stop(): void;
}

/**
 * This instance's live view of the session events: woken by the change feed (an instance's
 * commit) or the poll, it reads the rows after its cursor and publishes them to local listeners.
 * Live only: while nobody listens the cursor is dropped, and the next listener starts at "now".
 */
export function startSessionEventFeed(options: SessionEventFeedOptions): SessionEventFeed {
  let cursor: EventCursor | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let heldStreak = 0;

  async function readAll(): Promise<void> {
    if (!options.wanted()) {
      cursor = undefined;
      return;
    }
    cursor ??= await currentCursor(options.db);
    for (;;) {
      const batch = await readEventsAfter(options.db, cursor, BATCH);
      cursor = batch.cursor;
      if (batch.events.length > 0) options.publish(batch.events);
      heldStreak = batch.held ? heldStreak + 1 : 0;
      if (batch.held) setTimeout(wake, Math.min(HELD_RETRY_MS * 2 ** (heldStreak - 1), options.pollMs)).unref();
      if (!batch.full) return;
    }
  }

  /** One read at a time; a wake during a read runs one more after it. */
  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = readAll()
      .catch(options.onError)
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  }

  function wake(): void {
    if (!stopped) void run();
  }

  const unsubscribe = options.changes.subscribe((signal) => {
    if (signal === SESSION_EVENTS_TOPIC || signal === "*") wake();
  });
  const poll = setInterval(wake, options.pollMs).unref();

  return {
    async catchUp() {
      await run();
      // A read already under way when the listener arrived may have dropped the cursor: run once more.
      if (cursor === undefined) await run();
    },
    stop() {
      stopped = true;
      clearInterval(poll);
      unsubscribe();
    },
  };
}
