import type { Logger as DrizzleLogger } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ChangeFeed } from "./changes.js";
import type { RetryEvent } from "./retry.js";
import type * as schema from "./schema/index.js";

export type Schema = typeof schema;

/** A drizzle handle or a transaction on it: services take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = "pglite" | "memory" | "postgres";

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Notifications of changed rows, across every instance on this database. */
  changes: ChangeFeed;
  /** Runs fn while holding a PostgreSQL advisory lock (a no-op lock on the single-process PGlite). */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** undefined: PGlite under dataDir; memory://: in-memory PGlite; postgres(ql)://: the postgres driver. */
  url: string | undefined;
  dataDir: string;
  /** Sees every statement (tests count queries with it); never logs parameters. */
  onQuery?: (sql: string) => void;
  maxConnections?: number;
  /** Told of each transaction run again after a deadlock or serialization failure. */
  onRetry?: (event: RetryEvent) => void;
}

export function queryLogger(onQuery: ConnectOptions["onQuery"]): DrizzleLogger | undefined {
  return onQuery ? { logQuery: (query) => onQuery(query) } : undefined;
}
