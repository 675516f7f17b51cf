import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import type { SessionEventRow } from "#src/db/schema/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { purgeStaleRows } from "#src/services/housekeeping/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const DAY = 86_400_000;
const policy = { sessionRetentionDays: 90, auditRetentionDays: 365, sessionEventRetentionDays: 7 };

describe("purge of delivered session events", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-11-23T00:00:00Z"));
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY);

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("deletes events past the retention that every sink passed; an enabled webhook or the Redis cursor behind them keeps them", async () => {
    const { db } = server.database;
    // One transaction each, as real changes write them.
    const event = (days: number) =>
      db
        .insert(tables.sessionEvents)
        .values({ type: "revoked", sessionId: randomUUID(), userId: randomUUID(), actorType: "system", occurredAt: daysAgo(days) })
        .returning()
        .then((r) => r[0]!);
    const oldest = await event(30);
    const old = await event(10);
    const recent = await event(1);
    const at = (e: SessionEventRow) => ({ txId: e.txId, eventId: e.id });
    const hook = (cursor: SessionEventRow, disabled: boolean) => ({
      url: "https://example.com/hook",
      eventTypes: ["revoked" as const],
      secretSealed: "sealed",
      cursorTxId: cursor.txId,
      cursorEventId: cursor.id,
      disabledAt: disabled ? clock.now() : null,
    });
    const survivors = async () => (await db.select({ id: tables.sessionEvents.id }).from(tables.sessionEvents)).map((r) => r.id).filter((id) => [oldest.id, old.id, recent.id].includes(id));

    await db.insert(tables.sessionEventCursors).values({ sink: "redis", ...at(oldest) });
    await db.insert(tables.webhooks).values([hook(oldest, true), hook(old, false)]);
    // Redis has passed only the oldest; the enabled webhook is past `old`; the disabled one holds nothing.
    expect((await purgeStaleRows(db, clock, policy))["delivered session events"]).toBe(1);
    expect((await survivors()).sort()).toEqual([old.id, recent.id].sort());

    await db.update(tables.sessionEventCursors).set(at(recent));
    expect((await purgeStaleRows(db, clock, policy))["delivered session events"]).toBe(1);
    expect(await survivors()).toEqual([recent.id]);
  });
});
