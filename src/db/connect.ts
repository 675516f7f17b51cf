import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.js";
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
    connect_timeout: 10,
  });
  const db = retryTransactions(drizzlePostgres(client, { schema, logger: queryLogger(options.onQuery) }) as unknown as Db, options.onRetry);
  return {
    kind: "postgres",
    db,
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
