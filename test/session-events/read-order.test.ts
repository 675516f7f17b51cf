import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Database } from "#src/db/index.js";
import { readEventsAfter } from "#src/services/session-events/index.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";

const insertEvent = (sessionId: string) =>
  `insert into session_events (type, session_id, user_id, actor_type, occurred_at) values ('revoked', '${sessionId}', '${randomUUID()}', 'system', now())`;

// PGlite runs one transaction at a time: the interleaving needs PostgreSQL.
describe.skipIf(backend() === "pglite")("reading order of session events", () => {
  let database: TestDatabase;
  let db: Database;
  let raw: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await connect({ url: database.url, dataDir: "" });
    raw = postgres(database.url, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await raw?.end();
    await db?.close();
    await database?.drop();
  });

  it("holds back an event committed after an older transaction that is still running, then reads both in order", async () => {
    const start = { txId: 0, eventId: 0 };
    const early = randomUUID();
    const late = randomUUID();
    const older = await raw.reserve();
    try {
      await older`begin`;
      await older.unsafe(insertEvent(early));
      // A later transaction commits first: its id is higher, but a reader that took it now and
      // moved its cursor past it would never see the older one.
      await raw.unsafe(insertEvent(late));
      const before = await readEventsAfter(db.db, start, 100);
      expect(before.events.map((e) => e.sessionId)).not.toContain(late);
      expect(before.held).toBe(true);
      await older`commit`;
    } finally {
      older.release();
    }
    const after = await readEventsAfter(db.db, start, 100);
    const order = after.events.map((e) => e.sessionId).filter((id) => id === early || id === late);
    expect(order).toEqual([early, late]);
    expect(after.held).toBe(false);
  });
});
