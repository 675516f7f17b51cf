import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { purgeStaleRows } from "#src/services/housekeeping/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

describe("purge of passkey challenges and reset links", () => {
  let server: TestServer;
  const clock = new ManualClock();
  beforeAll(async () => {
    server = await startTestServer({ clock, env: { RP_ID: "localhost" } });
  });
  afterAll(() => server?.stop());

  it("deletes expired challenges and links, and keeps live ones", async () => {
    const { passkeys, database } = { passkeys: server.services.passkeys, database: server.database };
    const rows = async () => ({
      challenges: (await database.db.select({ n: count() }).from(tables.passkeyChallenges))[0]!.n,
      links: (await database.db.select({ n: count() }).from(tables.passkeyResetTokens))[0]!.n,
    });
    await passkeys.startAuthentication();
    const admin = (await database.db.select().from(tables.orgMembers))[0]!.userId;
    await passkeys.createDeviceLink(admin, { type: "admin" });
    // The bootstrap link (14 days) is there too.
    expect(await rows()).toEqual({ challenges: 1, links: 2 });
    clock.advance(passkeys.ceremonyTimeoutMs + 1);
    await passkeys.startAuthentication();
    await purgeStaleRows(database.db, clock, server.config.retention);
    expect(await rows()).toEqual({ challenges: 1, links: 2 });
    clock.advance(24 * 3600_000);
    await purgeStaleRows(database.db, clock, server.config.retention);
    expect(await rows()).toEqual({ challenges: 0, links: 1 });
  });
});
