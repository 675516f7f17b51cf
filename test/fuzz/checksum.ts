import { sql } from "drizzle-orm";
import type { Db } from "#src/db/index.js";

/**
 * Tables a refused request may legitimately write, so they are left out of the checksum:
 * - audit_events: refusals are audited (a failed login, a refused key) by design;
 * - rate_limits: counting refused attempts is the point of a rate limit;
 * - mfa_failed_attempts: a wrong MFA code is recorded for the attempt limit;
 * - session_event_cursors: moved by the background delivery of session events, not by a request.
 * Everything else (users, sessions, credentials, codes, outbox, keys, orgs…) must be unchanged.
 */
export const WRITTEN_BY_REFUSALS = ["audit_events", "rate_limits", "mfa_failed_attempts", "session_event_cursors"] as const;

/** Columns that count refused attempts on a row that must otherwise stay as it was (a recovery method's wrong codes). */
export const ATTEMPT_COUNTERS: Record<string, string[]> = { recovery_methods: ["attempts"] };

/** Rows a refusal may add to a checked table: the notice the ID Broker mails when MFA attempts hit their limit (as deployed). */
export const REFUSAL_ROWS: Record<string, string> = { outbox_messages: "subject = 'Too many failed 2-Step Verification attempts'" };

const rowsOf = (result: unknown): Record<string, unknown>[] =>
  (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) as Record<string, unknown>[];

/** Every checked table of the public schema, found at run time so that a table added later is checked too. */
async function checkedTables(db: Db): Promise<string[]> {
  const rows = rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`));
  const skipped = new Set<string>(WRITTEN_BY_REFUSALS);
  return rows.map((row) => String(row.table_name)).filter((name) => !skipped.has(name));
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

export interface Checksums {
  tables: string[];
  /** An md5 of each checked table's rows (as JSON text, in a stable order, attempt counters left out), by table name. */
  read(): Promise<Record<string, string>>;
}

/**
 * Installs the checksum as a plpgsql function in the fuzz server's own (throw-away) database: a
 * function keeps its plan, and planning the union over every table was most of a probe's time.
 */
export async function installChecksums(db: Db): Promise<Checksums> {
  const tables = await checkedTables(db);
  const selects = tables.map((name) => {
    const row = `(to_jsonb(r) - array[${(ATTEMPT_COUNTERS[name] ?? []).map(quoted).join(",")}]::text[])::text`;
    const rows = REFUSAL_ROWS[name] === undefined ? "" : ` where not (${REFUSAL_ROWS[name]})`;
    return `select ${quoted(name)}::text, md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) from "${name}" r${rows}`;
  });
  await db.execute(sql.raw(`create or replace function fuzz_table_checksums() returns table(t text, h text) language plpgsql as $$ begin return query ${selects.join(" union all ")}; end $$`));
  return {
    tables,
    async read() {
      const rows = rowsOf(await db.execute(sql`select t, h from fuzz_table_checksums()`));
      return Object.fromEntries(rows.map((row) => [String(row.t), String(row.h)]));
    },
  };
}

/** Names of the tables whose checksum differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
