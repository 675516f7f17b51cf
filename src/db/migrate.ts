import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Database } from "./database.js";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** An arbitrary constant: instances starting together on one PostgreSQL take turns migrating. */
const MIGRATION_LOCK = 7_340_041;

/** Applies the SQL migrations in drizzle/; idempotent, safe for several instances at once. */
export async function migrate(database: Database): Promise<void> {
  if (database.kind !== "postgres") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  await database.exclusive(MIGRATION_LOCK, () =>
    migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder }),
  );
}
