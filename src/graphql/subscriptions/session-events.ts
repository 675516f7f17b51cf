/** The routing key under which each instance's event feed publishes session events. */
export const SESSION_EVENTS = "SESSION_EVENTS";

/** What a subscription needs of this instance's event feed (in the context of graphql-ws operations only). */
export interface SessionEventChannel {
  /** The dynamic id this instance publishes under. */
  id: string;
  /** Resolves once the feed reads for the listener just added. */
  catchUp(): Promise<void>;
}
