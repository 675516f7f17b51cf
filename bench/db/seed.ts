/**
 * Bulk seeding with COPY: users with three sessions (browser, token, device), a password (one
 * argon2id hash, computed once, shared by all), a verified TOTP, for every fourth user a WebAuthn
 * MFA with one key, and a verified recovery e-mail. Sizes are cumulative: seeding up to N adds
 * users [current, N). Every table streams in parallel on its own connection; foreign-key triggers
 * are off on those connections (session_replication_role = replica) since the rows are made
 * consistent by construction.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { v7 as uuidv7 } from "uuid";
import { seededUid, seededUserId, seededV7 } from "./ids.js";

const BATCH = 2_000;
/** Seeded MFA and WebAuthn key ids live far above what the server's sequences hand out. */
const MFA_ID_BASE = 100_000_000;
export const SEEDED_PREFIX = "seed-";
export const seededUsername = (i: number) => `${SEEDED_PREFIX}${i}`;

export interface SeedContext {
  sql: postgres.Sql;
  realmId: string;
  passwordHash: string;
  /** The seeded users' creation times start here, 2 ms apart. */
  epochMs: number;
}

type Row = (string | number | boolean | null)[];
const line = (row: Row) => row.map((v) => (v === null ? "\\N" : String(v))).join("\t");
const iso = (ms: number) => new Date(ms).toISOString();

interface TableStream {
  table: string;
  columns: string[];
  rowsOf(i: number, ctx: SeedContext): Row[];
}

const SESSION_KINDS = ["browser", "token", "device"] as const;
const USER_AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "okhttp/4.12.0", "Galaxy/3.2 (Android 14)"];

const streams: TableStream[] = [
  {
    table: "users",
    columns: ["id", "realm_id", "username", "email", "email_verified", "first_name", "last_name", "display_name", "created_at", "updated_at"],
    rowsOf: (i, ctx) => {
      const at = iso(ctx.epochMs + 2 * i);
      return [[seededUserId(i), ctx.realmId, seededUsername(i), `${seededUsername(i)}@bench.example`, true, "Seed", `User ${i}`, `Seed User ${i}`, at, at]];
    },
  },
  {
    table: "sessions",
    columns: ["id", "realm_id", "user_id", "kind", "status", "client_id", "created_at", "last_access_at", "ip", "user_agent"],
    rowsOf: (i, ctx) =>
      SESSION_KINDS.map((kind, k) => {
        const ms = ctx.epochMs + 2 * i + (k + 1) * 60_000;
        return [seededV7(ms, 1, k, i), ctx.realmId, seededUserId(i), kind, "active", kind === "token" ? "app" : null, iso(ms), iso(ms), `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, USER_AGENTS[k]!];
      }),
  },
  {
    table: "passwords",
    columns: ["id", "user_id", "hash", "created_at"],
    rowsOf: (i, ctx) => [[seededV7(Date.now(), 2, 0, i), seededUserId(i), ctx.passwordHash, iso(Date.now())]],
  },
  {
    table: "mfas",
    columns: ["id", "user_id", "type", "label", "verified", "created_at", "totp_secret_sealed"],
    rowsOf: (i, ctx) => {
      const at = iso(ctx.epochMs + 2 * i + 1_000);
      const totp: Row = [MFA_ID_BASE + 2 * i + 1, seededUserId(i), "totp", "Authenticator", true, at, "bench-seeded-not-a-sealed-secret"];
      return i % 4 === 0 ? [totp, [MFA_ID_BASE + 2 * i + 2, seededUserId(i), "webauthn", "Security keys", true, at, null]] : [totp];
    },
  },
  {
    table: "mfa_webauthn_credentials",
    columns: ["id", "mfa_id", "credential_id", "public_key", "key_handle_hash", "label", "created_at"],
    rowsOf: (i, ctx) =>
      i % 4 === 0 ? [[MFA_ID_BASE + i, MFA_ID_BASE + 2 * i + 2, `seed-credential-${i}`, "pQECAyYgASFYIBench", `seed-handle-${i}`, "YubiKey", iso(ctx.epochMs + 2 * i + 1_000)]] : [],
  },
  {
    table: "recovery_methods",
    columns: ["id", "uid", "user_id", "value", "verified", "created_at", "verified_at"],
    rowsOf: (i, ctx) => {
      const at = iso(ctx.epochMs + 2 * i + 2_000);
      return [[seededV7(ctx.epochMs + 2 * i + 2_000, 3, 0, i), seededUid(i), seededUserId(i), `${seededUsername(i)}@recovery.example`, true, at, at]];
    },
  },
];

async function* chunks(stream: TableStream, ctx: SeedContext, from: number, to: number): AsyncGenerator<string> {
  for (let start = from; start < to; start += BATCH) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) for (const row of stream.rowsOf(i, ctx)) lines.push(line(row));
    if (lines.length > 0) yield `${lines.join("\n")}\n`;
  }
}

/** One COPY on a connection of its own, foreign-key triggers off. */
async function copy(sql: postgres.Sql, table: string, columns: string[], source: AsyncIterable<string>): Promise<void> {
  const conn = await sql.reserve();
  try {
    await conn`set session_replication_role = replica`;
    const writable = await conn.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
    await pipeline(Readable.from(source), writable);
  } finally {
    conn.release();
  }
}

/** How many users are seeded already (they are always users 0..n-1). */
export async function seededCount(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*) as n from users where username like ${`${SEEDED_PREFIX}%`}`;
  return Number(row!.n);
}

/** Adds users [from, to) with everything they own, then refreshes the planner's statistics. */
export async function seedUsers(ctx: SeedContext, from: number, to: number): Promise<void> {
  if (to <= from) return;
  // Users first (the others only point at them), then the rest side by side.
  await copy(ctx.sql, "users", streams[0]!.columns, chunks(streams[0]!, ctx, from, to));
  await Promise.all(streams.slice(1).map((s) => copy(ctx.sql, s.table, s.columns, chunks(s, ctx, from, to))));
  await ctx.sql.unsafe(`vacuum (analyze) ${streams.map((s) => s.table).join(", ")}`);
}

/** A user with `count` sessions (for the list, revoke-all and block rows); returns its id. */
export async function seedHeavyUser(ctx: SeedContext, username: string, count: number): Promise<string> {
  const userId = crypto.randomUUID();
  const now = Date.now();
  await ctx.sql`insert into users (id, realm_id, username, email) values (${userId}, ${ctx.realmId}, ${username}, ${`${username}@bench.example`})`;
  async function* rows(): AsyncGenerator<string> {
    for (let start = 0; start < count; start += BATCH) {
      const lines: string[] = [];
      for (let j = start; j < Math.min(count, start + BATCH); j++) {
        const ms = now - (count - j) * 1_000;
        const kind = SESSION_KINDS[j % 3]!;
        lines.push(line([uuidv7({ msecs: ms }), ctx.realmId, userId, kind, "active", kind === "token" ? "app" : null, iso(ms), iso(ms), "10.0.0.1", USER_AGENTS[j % 3]!]));
      }
      yield `${lines.join("\n")}\n`;
    }
  }
  await copy(ctx.sql, "sessions", streams[1]!.columns, rows());
  return userId;
}
