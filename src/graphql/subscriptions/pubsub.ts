import type { PubSub } from "type-graphql";

/** Payloads a subscriber has not taken yet beyond this are dropped, oldest first, so a stalled client cannot grow memory without bound. */
const MAX_QUEUED = 1_000;

export interface LocalPubSub extends PubSub {
  /** Delivers a payload to the subscribers of (routingKey, dynamicId). */
  publish(routingKey: string, dynamicId: unknown, payload: unknown): void;
  /** How many subscribers (routingKey, dynamicId) has. */
  listeners(routingKey: string, dynamicId?: unknown): number;
}

/**
 * The in-process PubSub type-graphql asks for: subscribers of a routing key and an optional
 * dynamic id (here: one server instance's event feed, since tests run several in one process)
 * each get an async iterator, whose return() removes them.
 */
export function createLocalPubSub(): LocalPubSub {
  const channels = new Map<string, Map<unknown, Set<(payload: unknown) => void>>>();

  function listenersOf(routingKey: string, dynamicId: unknown): Set<(payload: unknown) => void> {
    let byId = channels.get(routingKey);
    if (!byId) channels.set(routingKey, (byId = new Map()));
    let set = byId.get(dynamicId);
    if (!set) byId.set(dynamicId, (set = new Set()));
    return set;
  }

  return {
    publish(routingKey, dynamicId, payload) {
      for (const push of channels.get(routingKey)?.get(dynamicId) ?? []) push(payload);
    },
    listeners: (routingKey, dynamicId) => channels.get(routingKey)?.get(dynamicId)?.size ?? 0,
    subscribe(routingKey, dynamicId) {
      const set = listenersOf(routingKey, dynamicId);
      const queue: unknown[] = [];
      let waiting: ((result: IteratorResult<unknown>) => void) | undefined;
      let done = false;
      const push = (payload: unknown) => {
        if (waiting) {
          const resolve = waiting;
          waiting = undefined;
          resolve({ value: payload, done: false });
          return;
        }
        queue.push(payload);
        if (queue.length > MAX_QUEUED) queue.shift();
      };
      set.add(push);
      const finish = (): Promise<IteratorResult<unknown>> => {
        done = true;
        set.delete(push);
        if (set.size === 0) channels.get(routingKey)?.delete(dynamicId);
        queue.length = 0;
        waiting?.({ value: undefined, done: true });
        waiting = undefined;
        return Promise.resolve({ value: undefined, done: true });
      };
      const iterator: AsyncIterableIterator<unknown> = {
        next: () => {
          if (queue.length > 0) return Promise.resolve({ value: queue.shift(), done: false });
          if (done) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => (waiting = resolve));
        },
        return: finish,
        throw: (error?: unknown) => finish().then(() => Promise.reject(error)),
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
  };
}

/** The process's PubSub, given to the schema (built once per process). */
export const pubSub = createLocalPubSub();
