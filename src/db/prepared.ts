import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "./database.js";

/**
 * A statement of a hot path, built once per database handle: drizzle then skips building the
 * SQL, and PostgreSQL parses and plans it once per connection (a named prepared statement).
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let statement = built.get(db);
    if (!statement) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}

/**
 * `column = any($name::uuid[])`: a batch of ids as one parameter, so that one prepared statement
 * serves every batch (drizzle's inArray makes a parameter per id and builds the SQL each time).
 */
export const isAnyId = (column: AnyPgColumn, name: string): SQL => sql`${column} = any(${sql.placeholder(name)}::uuid[])`;
