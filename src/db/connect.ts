import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.js";
import { CHANGES_CHANNEL, createChangeFeed, signalOf, type ChangeFeed, type ChangeSignal } from "./changes.js";
import { retryTransactions } from "./retry.js";
import { type ConnectOptions, type Database, type Db, queryLogger } from "./database.js";

export class UnsupportedDatabaseUrlError extends Error {}

/** Opens the database DATABASE_URL names: the same schema and code on all three backends. */
export async function connect(options: ConnectOptions): Promise<Database> {
  const { url } = options;
  if (url === undefined || url === "memory://") return openPglite(options, url === undefined);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(options, url);
  throw new UnsupportedDatabaseUrlError("DATABASE_URL must be unset, memory:// or postgres://...");
}

/** A change feed whose listener starts with the first subscriber (the CLI and tests never need one). */
function listeningFeed(startListening: (deliver: (signal: ChangeSignal) => void) => Promise<void>): ChangeFeed {
  const feed = createChangeFeed();
  let listening: Promise<void> | undefined;
  return {
    ...feed,
    subscribe(fn) {
      listening ??= startListening(feed.deliver);
      return feed.subscribe(fn);
    },
    ready: () => listening ?? Promise.resolve(),
  };
}

async function openPglite(options: ConnectOptions, persistent: boolean): Promise<Database> {
  let client: PGlite;
  if (persistent) {
    mkdirSync(options.dataDir, { recursive: true });
    client = await PGlite.create(options.dataDir);
  } else {
    client = await PGlite.create();
  }
  const db = retryTransactions(drizzlePglite(client, { schema, logger: queryLogger(options.onQuery) }) as unknown as Db, options.onRetry);
  return {
    kind: persistent ? "pglite" : "memory",
    db,
    changes: listeningFeed(async (deliver) => {
      await client.listen(CHANGES_CHANNEL, (payload) => deliver(signalOf(payload)));
    }),
    exclusive: (_lockKey, fn) => fn(),
    ping: async () => {
      if (client.closed) throw new Error("database closed");
      await client.query("select 1");
    },
    close: () => (client.closed ? Promise.resolve() : client.close()),
  };
}

async function openPostgres(options: ConnectOptions, url: string): Promise<Database> {
  const client = postgres(url, {
    max: options.maxConnections ?? 10,
    onnotice: () => {},
    // While the database is away a request fails within these bounds rather than hanging, and once
    // it is back the pool (and the LISTEN connection) reconnect within a second: the driver's own
    // back-off grows to 20 s between attempts, which would hold requests and recovery that long.
    connect_timeout: 5,
    backoff: (attempts: number) => Math.min(0.05 * 2 ** attempts, 1),
  });
  const db = retryTransactions(drizzlePostgres(client, { schema, logger: queryLogger(options.onQuery) }) as unknown as Db, options.onRetry);
  return {
    kind: "postgres",
    db,
    // The listener reconnects by itself; notifications sent while it was away are lost, so each
    // (re)connection tells subscribers that anything may have changed.
    changes: listeningFeed(async (deliver) => {
      await client.listen(CHANGES_CHANNEL, (payload) => deliver(signalOf(payload)), () => deliver("*"));
    }),
    exclusive: async (lockKey, fn) => {
      const conn = await client.reserve();
      try {
        await conn`select pg_advisory_lock(${lockKey})`;
        try {
          return await fn();
        } finally {
          await conn`select pg_advisory_unlock(${lockKey})`;
        }
      } finally {
        conn.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}
