export { recordSessionEvents, SESSION_EVENTS_TOPIC, type SessionChange } from "./record.js";
export { currentCursor, isLogout, readEventsAfter, type EventBatch, type EventCursor } from "./read.js";
export { startSessionEventFeed, type SessionEventFeed, type SessionEventFeedOptions } from "./feed.js";
export { connectRedis, createRedisSink, LOGOUT_STREAM, type RedisSink } from "./redis-sink.js";
export { startSessionEventDelivery, type EventSink, type SessionEventDelivery } from "./delivery-loop.js";
export { sessionEventPurgeTargets } from "./purge.js";
export * from "./webhooks/index.js";
