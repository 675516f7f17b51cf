import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { systemActor } from "#src/services/access/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { purgeStaleRows } from "#src/services/housekeeping/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { mfaPurgeTargets } from "./purge.js";

const HOUR = 3_600_000;
const policy = { sessionRetentionDays: 90, auditRetentionDays: 365, sessionEventRetentionDays: 7 };

describe("purge of stale MFA rows", () => {
  const clock = new ManualClock(new Date("2035-01-01T00:00:00Z"));
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock, env: { RP_ORIGINS: "https://login.example.com", RP_ID: "example.com" } });
  });
  afterAll(() => server?.stop());

  it("drops unfinished enrolments, spent challenges, old failures, lapsed codes and contact MFAs without codes", async () => {
    const realm = await server.services.realms.require(server.config.defaultRealm);
    const user = await server.services.users.create(realm.id, { username: "purge1", email: "purge1@example.org", employeeId: "purge1", managerEmail: "boss@example.org" }, systemActor);
    const owner = { realmId: realm.id, userId: user.id };
    const mfa = server.services.mfa;
    const totp = await mfa.create({ owner, type: "totp" }, systemActor);
    const webauthn = await mfa.create({ owner, type: "webauthn", rpOrigin: "https://login.example.com" }, systemActor);
    const codes = await mfa.create({ owner, type: "backupcode" }, systemActor);
    const manager = await mfa.create({ owner, type: "manager" }, systemActor);
    await mfa.verify({ owner, mfaId: codes.id, value: "99999999" }, systemActor).catch(() => undefined);

    clock.advance(HOUR);
    const early = await purgeStaleRows(server.database.db, clock, policy, mfaPurgeTargets);
    expect(early).toMatchObject({ "webauthn challenges": 1, "mfa failed attempts": 1, "unfinished mfa enrolments": 0, "expired mfa codes": 0, "spent contact codes": 0 });

    clock.advance(7 * 24 * HOUR);
    const late = await purgeStaleRows(server.database.db, clock, policy, mfaPurgeTargets);
    expect(late).toMatchObject({ "unfinished mfa enrolments": 2, "expired mfa codes": 1, "spent contact codes": 1 });
    const left = await server.database.db.select({ id: tables.mfas.id }).from(tables.mfas).where(eq(tables.mfas.userId, user.id));
    expect(left.map((r) => r.id)).toEqual([codes.id]);
    expect([totp.id, webauthn.id, manager.id]).not.toContain(codes.id);
  });
});
