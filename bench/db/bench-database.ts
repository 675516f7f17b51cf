/**
 * The bench's own database: created on the PostgreSQL that DATABASE_URL names (by default the
 * local one), dropped at the end unless --keep-db, in which case the next --keep-db run reuses it
 * and only seeds what is missing.
 */
import postgres from "postgres";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const KEPT_NAME = "identity_bench";

export interface BenchDatabase {
  name: string;
  url: string;
  /** A small pool on the bench database, for seeding and checks. */
  sql: postgres.Sql;
  /** The server's version string, for the report. */
  version: string;
  close(): Promise<void>;
}

const withDatabase = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

export async function openBenchDatabase(options: { adminUrl: string; keep: boolean }): Promise<BenchDatabase> {
  const name = options.keep ? KEPT_NAME : `identity_bench_${process.pid}`;
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  let version: string;
  try {
    const [row] = await admin<{ server_version: string }[]>`show server_version`;
    version = row!.server_version;
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists && !options.keep) await admin.unsafe(`drop database "${name}" with (force)`);
    if (!exists || !options.keep) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(options.adminUrl, name);
  const sql = postgres(url, { max: 8, onnotice: () => {} });
  return {
    name,
    url,
    sql,
    version,
    async close() {
      await sql.end({ timeout: 5 });
      if (options.keep) return;
      const dropper = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
