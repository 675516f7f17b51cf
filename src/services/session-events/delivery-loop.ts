import type { ChangeFeed } from "#src/db/index.js";
import { SESSION_EVENTS_TOPIC } from "./record.js";

/** A durable sink: delivers what it can in one round and says whether more is waiting. */
export interface EventSink {
  name: string;
  deliver(): Promise<{ more: boolean }>;
}

export interface DeliveryLoopOptions {
  sinks: EventSink[];
  changes: ChangeFeed;
  /** A backstop for lost notifications, and the pace of retries. */
  intervalMs: number;
  onError(sink: string, error: unknown): void;
}

export interface SessionEventDelivery {
  /** Stops waking; resolves once a round under way has finished. */
  stop(): Promise<void>;
}

/**
 * Runs the sinks when an instance announces new events and on a timer, one round at a time;
 * a round that left more waiting runs again at once. Each sink's progress lives in the
 * database, so stopping here (or crashing) loses nothing: the next round, here or on
 * another instance, carries on from the stored cursor.
 */
export function startSessionEventDelivery(options: DeliveryLoopOptions): SessionEventDelivery {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function round(): Promise<boolean> {
    const results = await Promise.all(
      options.sinks.map((sink) =>
        sink.deliver().then(
          (r) => r.more,
          (error: unknown) => {
            options.onError(sink.name, error);
            return false;
          },
        ),
      ),
    );
    return results.some(Boolean);
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      for (;;) {
        again = false;
        const more = await round();
        if (stopped || !(more || again)) return;
      }
    })().finally(() => (running = undefined));
  }

  const unsubscribe = options.changes.subscribe((signal) => {
    if (signal === SESSION_EVENTS_TOPIC || signal === "*") wake();
  });
  const timer = setInterval(wake, options.intervalMs).unref();
  wake();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}
