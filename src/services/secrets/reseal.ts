import { and, asc, eq, getTableColumns, gt, isNotNull, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "#src/db/index.js";
import type { KeyRing, SecretPurpose } from "./key-ring.js";
import { openWith, SealedValueError, sealWith } from "./sealing.js";

/** A column of sealed values: its table, a unique orderable key, and the row identity sealed as associated data. */
export interface SealedColumn {
  name: string;
  purpose: SecretPurpose;
  table: PgTable;
  key: PgColumn;
  sealed: PgColumn;
  aadColumn: PgColumn;
  aad(value: unknown): string;
}

export interface ResealCount {
  /** Rewritten under the current key. */
  resealed: number;
  /** Opened by no key of the ring (their key was dropped too early, or the row was altered): left as they are. */
  unreadable: number;
}

const BATCH = 500;

/**
 * Rewrites every value sealed under a key other than the current one (or in the v1 format), in
 * batches of 500, one transaction each. A row is only rewritten if it still holds the value that
 * was read, so a concurrent writer (or another instance running the same job) always wins.
 */
export async function resealColumns(db: Db, ring: KeyRing, columns: SealedColumn[]): Promise<Record<string, ResealCount>> {
  const counts: Record<string, ResealCount> = {};
  const prefix = `v2.${ring.current.id}.`;
  for (const column of columns) {
    const count: ResealCount = { resealed: 0, unreadable: 0 };
    // left(), not LIKE: a key id may hold "_", a LIKE wildcard.
    const stale = and(isNotNull(column.sealed), sql`left(${column.sealed}, ${prefix.length}) <> ${prefix}`);
    const field = Object.entries(getTableColumns(column.table)).find(([, c]) => c === column.sealed)![0];
    let after: unknown;
    for (;;) {
      const rows = await db
        .select({ key: column.key, aadOf: column.aadColumn, sealed: column.sealed })
        .from(column.table)
        .where(after === undefined ? stale : and(stale, gt(column.key, after)))
        .orderBy(asc(column.key))
        .limit(BATCH);
      if (rows.length === 0) break;
      await db.transaction(async (tx) => {
        for (const row of rows) {
          let plaintext: string;
          try {
            plaintext = openWith(ring, column.purpose, column.aad(row.aadOf), row.sealed as string);
          } catch (error) {
            if (!(error instanceof SealedValueError)) throw error;
            count.unreadable += 1;
            continue;
          }
          const resealed = sealWith(ring.current, column.purpose, column.aad(row.aadOf), plaintext);
          const written = await tx
            .update(column.table)
            .set({ [field]: resealed })
            .where(and(eq(column.key, row.key), eq(column.sealed, row.sealed)))
            .returning({ key: column.key });
          count.resealed += written.length;
        }
      });
      if (rows.length < BATCH) break;
      after = rows.at(-1)!.key;
    }
    counts[column.name] = count;
  }
  return counts;
}
