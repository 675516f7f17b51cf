import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import { connect, migrate, migrationsFolder, type Database } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { createServices, type Services } from "#src/services/index.js";
import { legacyMethodCodeHash } from "#src/services/recovery-methods/codes.js";
import { backend } from "#test/support/database.js";
import { adminUrl, urlFor } from "#test/support/postgres-urls.js";
import { TEST_SECRETS_KEY } from "#test/support/server.js";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REALM_ID = "01900000-0000-7000-8000-00000000000a";
/** A user made under 0000: a time-ordered (v7) id and a creation time with microseconds. */
const OLD_USER_ID = "01900000-0001-7000-8000-000000000001";
const OLD_CREATED_AT = "2026-01-02 03:04:05.678912+00";
const KEPT_UID = "K".repeat(32);
const RESENT_UID = "R".repeat(32);
const OLD_CODE = "482913";

/** A database that 0000 alone has migrated, as a deployment of the released version has it. */
async function databaseAtRelease(): Promise<{ url: string; drop(): Promise<void> }> {
  if (backend() === "pglite") return { url: "memory://", drop: async () => {} };
  const name = `idtest_m1_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`).finally(() => admin.end());
  return {
    url: urlFor(name),
    drop: async () => {
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`).finally(() => cleanup.end());
    },
  };
}

/** drizzle's migrator over a copy of drizzle/ that stops after 0000. */
async function migrateToRelease(database: Database): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), "drizzle-0000-"));
  try {
    mkdirSync(join(folder, "meta"));
    const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag === "0000_init");
    writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
    copyFileSync(join(migrationsFolder, "0000_init.sql"), join(folder, "0000_init.sql"));
    if (database.kind === "postgres") await migratePostgres(database.db as unknown as PostgresJsDatabase, { migrationsFolder: folder });
    else await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const rows = async <T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> => {
  const result = (await database.db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
};

describe("migration 0001: random user ids, user paging by creation time, sealed method codes", () => {
  const clock = new ManualClock(new Date("2026-02-01T10:00:00.000Z"));
  let store: { url: string; drop(): Promise<void> };
  let database: Database;
  let services: Services;

  beforeAll(async () => {
    store = await databaseAtRelease();
    database = await connect({ url: store.url, dataDir: "" });
    await migrateToRelease(database);
    const expires = new Date(clock.now().getTime() + 24 * 60 * 60 * 1000).toISOString();
    await database.db.execute(sql`insert into realms (id, name) values (${REALM_ID}, 'legacy')`);
    await database.db.execute(sql`insert into users (id, realm_id, username, email, employee_id, created_at)
      values (${OLD_USER_ID}, ${REALM_ID}, 'old-timer', 'old@example.org', 'OLD1', ${OLD_CREATED_AT})`);
    for (const uid of [KEPT_UID, RESENT_UID]) {
      await database.db.execute(sql`insert into recovery_methods (id, uid, user_id, value, code_hash, code_expires_at, attempts)
        values (gen_random_uuid(), ${uid}, ${OLD_USER_ID}, ${`${uid.slice(0, 4).toLowerCase()}@example.net`}, ${legacyMethodCodeHash(uid, OLD_CODE)}, ${expires}, 1)`);
    }
    await migrate(database);
    const config = loadConfig({ DATABASE_URL: store.url, SECRETS_KEY: TEST_SECRETS_KEY });
    services = createServices({ db: database.db, clock, config });
  });
  afterAll(async () => {
    await database?.close();
    await store?.drop();
  });

  it("keeps an existing user's id and keeps its creation time to the millisecond", async () => {
    const old = await services.users.require(OLD_USER_ID);
    expect(old.username).toBe("old-timer");
    expect(old.createdAt.toISOString()).toBe("2026-01-02T03:04:05.678Z");
    const [stored] = await rows<{ exact: boolean }>(database, sql`select created_at = '2026-01-02 03:04:05.678+00'::timestamptz as exact from users where id = ${OLD_USER_ID}`);
    expect(stored!.exact).toBe(true);
  });

  it("gives new users random v4 ids, whoever inserts them, and pages them after the old one", async () => {
    const made = await services.users.create(REALM_ID, { username: "new-comer" }, { type: "test" });
    expect(made.id).toMatch(V4);
    const [raw] = await rows<{ id: string; created_at: unknown; exact: boolean }>(database,
      sql`insert into users (realm_id, username) values (${REALM_ID}, 'by-sql') returning id, created_at = date_trunc('milliseconds', created_at) as exact`);
    expect(raw!.id).toMatch(V4);
    expect(raw!.exact).toBe(true);
    const first = await services.users.search({ realmId: REALM_ID, limit: 1 });
    expect(first.map((u) => u.id)).toEqual([OLD_USER_ID]);
    const rest = await services.users.search({ realmId: REALM_ID, limit: 10, after: { createdAt: first[0]!.createdAt, id: first[0]!.id } });
    expect(rest.map((u) => u.username).sort()).toEqual(["by-sql", "new-comer"]);
  });

  it("replaces the index on (realm_id, id) with one on (realm_id, created_at, id)", async () => {
    const indexes = await rows<{ indexname: string; indexdef: string }>(database, sql`select indexname, indexdef from pg_indexes where tablename = 'users'`);
    const byName = new Map(indexes.map((i) => [i.indexname, i.indexdef]));
    expect(byName.has("users_realm_id_idx")).toBe(false);
    expect(byName.get("users_realm_created_id_idx")).toMatch(/\(realm_id, created_at, id\)/);
  });

  it("an unverified method whose code is only hashed still verifies with that code", async () => {
    await expect(services.recoveryMethods.verify(KEPT_UID, "000000", { type: "test" })).rejects.toMatchObject({ code: "METHOD_CODE_INVALID" });
    const verified = await services.recoveryMethods.verify(KEPT_UID, OLD_CODE, { type: "test" });
    expect(verified).toMatchObject({ verified: true, codeHash: null, codeSealed: null });
  });

  it("its resend mails a new code, sealed from then on, which verifies; the old one no longer does", async () => {
    await services.recoveryMethods.resend({ realmId: REALM_ID, userId: OLD_USER_ID }, RESENT_UID, { type: "test" });
    const [mail] = await services.outbox.list({ to: "rrrr@example.net", limit: 1 });
    const fresh = /(?<!\d)(\d{6})(?!\d)/.exec(mail!.text)![1]!;
    const [row] = await rows<{ code_hash: string | null; code_sealed: string | null; attempts: number }>(database,
      sql`select code_hash, code_sealed, attempts from recovery_methods where uid = ${RESENT_UID}`);
    expect(row).toMatchObject({ code_hash: null, code_sealed: expect.stringMatching(/^v2\./), attempts: 2 });
    expect(row!.code_sealed).not.toContain(fresh);
    if (fresh !== OLD_CODE) await expect(services.recoveryMethods.verify(RESENT_UID, OLD_CODE, { type: "test" })).rejects.toMatchObject({ code: "METHOD_CODE_INVALID" });
    expect(await services.recoveryMethods.verify(RESENT_UID, fresh, { type: "test" })).toMatchObject({ verified: true });
  });
});
