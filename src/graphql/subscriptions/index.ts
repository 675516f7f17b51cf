export { createLocalPubSub, pubSub, type LocalPubSub } from "./pubsub.js";
export { endAfter, filterIterable } from "./iterators.js";
export { SESSION_EVENTS, type SessionEventChannel } from "./session-events.js";
