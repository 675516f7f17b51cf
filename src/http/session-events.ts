import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "#src/config/index.js";
import type { Database } from "#src/db/index.js";
import { pubSub, SESSION_EVENTS, type SessionEventChannel } from "#src/graphql/subscriptions/index.js";
import type { Clock } from "#src/services/clock/index.js";
import {
  connectRedis,
  createRedisSink,
  createWebhookDelivery,
  startSessionEventDelivery,
  startSessionEventFeed,
  type EventSink,
} from "#src/services/session-events/index.js";

/** How often each instance looks for events it was not told of, and retries its sinks. */
const POLL_MS = 1_000;

export interface SessionEventServices {
  channel: SessionEventChannel;
  /** Stops the feed and the delivery (a round under way finishes), closes Redis. */
  stop(): Promise<void>;
}

/**
 * This instance's part in the session event stream: the live feed that GraphQL subscribers on
 * this instance listen to, and the durable delivery to Redis (when REDIS_URL is set) and webhooks.
 */
export function startSessionEventServices(config: Config, database: Database, clock: Clock, logger: Logger): SessionEventServices {
  const channelId = randomUUID();
  const feed = startSessionEventFeed({
    db: database.db,
    changes: database.changes,
    wanted: () => pubSub.listeners(SESSION_EVENTS, channelId) > 0,
    publish: (events) => {
      for (const event of events) pubSub.publish(SESSION_EVENTS, channelId, event);
    },
    pollMs: POLL_MS,
    onError: (error) => logger.warn({ err: error }, "session event feed failed"),
  });

  const redis = config.redisUrl ? connectRedis(config.redisUrl, (error) => logger.warn({ err: error }, "redis connection failed")) : undefined;
  const webhooks = createWebhookDelivery(database.db, clock, config);
  const sinks: EventSink[] = [{ name: "webhooks", deliver: () => webhooks.deliverDue() }];
  if (redis) {
    const sink = createRedisSink(database.db, redis);
    sinks.push({ name: "redis", deliver: () => sink.deliver() });
  }
  const delivery = startSessionEventDelivery({
    sinks,
    changes: database.changes,
    intervalMs: POLL_MS,
    onError: (sink, error) => logger.warn({ err: error, sink }, "session event delivery failed"),
  });

  return {
    channel: { id: channelId, catchUp: () => feed.catchUp() },
    async stop() {
      feed.stop();
      await delivery.stop();
      redis?.disconnect();
    },
  };
}
