import { and, eq } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startServer } from "#src/http/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { createHousekeeping } from "#src/services/housekeeping/index.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { graphqlPoster, startTestServer, testConfig, type TestServer } from "#test/support/server.js";
import { newUser, passwordGrant, protocolUrl, refresh, userinfo } from "../oidc/support.js";

const DAY_MS = 86_400_000;
const kidOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()).kid as string;
const jwksKids = async (server: TestServer) =>
  ((await (await fetch(protocolUrl(server, "master", "/certs"))).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid).sort();

describe("a retired signing key verifies until the last token it signed has expired", () => {
  const clock = new ManualClock();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.stop());

  it("after a rotation through the graph, the old key's refresh token still works until its end; then the key leaves the JWKS", async () => {
    const user = await newUser(server);
    const before = (await passwordGrant(server, user.username)).body;
    const oldKid = kidOf(before.refresh_token);
    const rotated = await server.gql(`mutation { rotateSigningKeys(realm: "master") { id status verifyUntil } }`);
    expect(rotated.errors).toBeUndefined();
    const rows = rotated.data!.rotateSigningKeys as { id: string; status: string; verifyUntil: string | null }[];
    const newKid = rows.find((key) => key.status === "ACTIVE")!.id;
    const verifyUntil = new Date(rows.find((key) => key.id === oldKid)!.verifyUntil!);
    expect(newKid).not.toBe(oldKid);
    expect(await jwksKids(server)).toEqual([oldKid, newKid].sort());
    expect((await userinfo(server, before.access_token)).status).toBe(200);

    // 1,700 s on (the refresh token lives 1,800 s): the old key still verifies it; the new key signs what comes back.
    clock.advance(1_700_000);
    const renewed = await refresh(server, before.refresh_token);
    expect(renewed.status).toBe(200);
    expect(kidOf(renewed.body.access_token)).toBe(newKid);

    // Published up to the end of the longest lifetime of anything it signed (the realm's session maximum), not after.
    clock.set(new Date(verifyUntil.getTime() - 1_000));
    expect(await jwksKids(server)).toEqual([oldKid, newKid].sort());
    clock.set(new Date(verifyUntil.getTime() + 1_000));
    expect(await jwksKids(server)).toEqual([newKid]);
  });
});

// PGlite is one in-process database that a second server cannot open: the scenario needs PostgreSQL.
describe.skipIf(backend() === "pglite")("scheduled signing-key rotation on two instances (skipped on PGlite)", () => {
  let database: TestDatabase;
  const servers: TestServer[] = [];
  const start = async () => {
    const config = testConfig(database.url, { PUBLIC_URL: "http://identity.example.test", SIGNING_KEY_ROTATION_DAYS: "30", PURGE_INTERVAL_SECONDS: "0" });
    const running = await startServer(config, { logger: pino({ level: "silent" }) });
    const server = { ...running, config, gql: graphqlPoster(running.publicUrl) };
    servers.push(server);
    return server;
  };
  /** Each instance's housekeeping, as its timer runs it, on a clock moved by `days`. */
  const housekeepingOf = (server: TestServer, days: number) =>
    createHousekeeping({ db: server.database.db, clock: new ManualClock(new Date(Date.now() + days * DAY_MS)), config: server.config, changes: server.database.changes });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  it("rotates a key older than SIGNING_KEY_ROTATION_DAYS exactly once, however many instances run at once; old tokens keep verifying", async () => {
    const a = await start();
    const b = await start();
    const user = await newUser(a);
    const before = (await passwordGrant(a, user.username)).body;
    const [master] = await a.database.db.select().from(tables.realms).where(eq(tables.realms.name, "master"));

    // Not yet due: nothing happens.
    expect((await Promise.all([housekeepingOf(a, 29), housekeepingOf(b, 29)].map((h) => h.run()))).flatMap((r) => r.rotatedRealms)).toEqual([]);

    const reports = await Promise.all([housekeepingOf(a, 31), housekeepingOf(b, 31), housekeepingOf(a, 31), housekeepingOf(b, 31)].map((h) => h.run()));
    expect(reports.flatMap((r) => r.rotatedRealms)).toEqual([master!.id]);
    const keys = await a.database.db.select().from(tables.signingKeys).where(eq(tables.signingKeys.realmId, master!.id));
    expect(keys.map((key) => key.status).sort()).toEqual(["active", "retired"]);
    const audits = await a.database.db
      .select()
      .from(tables.auditEvents)
      .where(and(eq(tables.auditEvents.action, "realm.signing_keys.rotate"), eq(tables.auditEvents.subjectId, master!.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "system" });

    // Both instances sign with the new key at once (the rotation was announced) and still accept the old key's tokens.
    const newKid = keys.find((key) => key.status === "active")!.id;
    for (const server of [a, b]) {
      const after = (await passwordGrant(server, user.username)).body;
      expect(kidOf(after.access_token)).toBe(newKid);
      expect((await userinfo(server, before.access_token)).status).toBe(200);
      expect((await userinfo(server === a ? b : a, after.access_token)).status).toBe(200);
    }
  });
});
