import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "#src/http/index.js";
import { loadConfig } from "#src/config/index.js";
import { backend, createTestDatabase } from "#test/support/database.js";
import { openSocket, PasskeyBrowser, startPasskeyServer } from "#test/support/passkeys/index.js";
import { ADMIN_KEY, TEST_SECRETS_KEY, type TestServer } from "#test/support/server.js";

describe("passkey ceremonies at once", () => {
  let server: TestServer;
  let second: RunningServer | undefined;
  beforeAll(async () => {
    ({ server } = await startPasskeyServer());
    // PGlite lives in one process; two instances share a database only on PostgreSQL.
    if (backend() === "postgres") second = await startServer(server.config, { logger: pino({ level: "silent" }) });
  });
  afterAll(async () => {
    await second?.stop();
    await server?.stop();
  });

  it("one user adds passkeys from two devices at once, and signs in on both, with no failure", async () => {
    const first = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await first.register("?name=Twin");
    const other = new PasskeyBrowser(server.publicUrl);
    other.cookie = first.cookie;
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        const device = new PasskeyBrowser(server.publicUrl, i % 2 ? first.authenticator : other.authenticator);
        device.cookie = first.cookie;
        return device.ceremony("/auth/ws/register", (o) => device.authenticator.register({ publicKey: o }, { origin: device.origin }));
      }),
    );
    for (const run of runs) expect(run.messages.at(-1)).toMatchObject({ user_uuid, message: "New credential added successfully" });
    expect((await first.call("POST", "/auth/api/user-info")).body.credentials).toHaveLength(7);
    const signIns = await Promise.all(
      [...first.authenticator.credentialIds, ...other.authenticator.credentialIds].map((credentialId, i) => {
        const device = new PasskeyBrowser(server.publicUrl, i < first.authenticator.credentialIds.length ? first.authenticator : other.authenticator);
        return device.ceremony("/auth/ws/authenticate", (o) => device.authenticator.authenticate({ publicKey: o }, { credentialId, origin: device.origin }));
      }),
    );
    for (const run of signIns) expect(run.messages.at(-1)).toMatchObject({ user_uuid });
  });

  it("many users register, validate, renew and end sessions at once: every answer is a 2xx or 4xx", async () => {
    const browsers = Array.from({ length: 12 }, () => new PasskeyBrowser(server.publicUrl));
    await Promise.all(browsers.map((b, i) => b.register(`?name=Many${i}`)));
    const answers = await Promise.all(
      browsers.flatMap((b) => [b.call("POST", "/auth/api/validate"), b.call("GET", "/auth/api/forward"), b.call("POST", "/auth/api/user-info"), b.call("POST", "/auth/api/user/logout-all")]),
    );
    for (const answer of answers) expect(answer.status).toBeLessThan(500);
  });

  it.runIf(backend() === "postgres")("two instances finish each other's ceremonies, and a session ended on one is refused on the other at once", async () => {
    const a = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await a.register("?name=Both");
    const b = a.on(second!.publicUrl);
    const onA = await openSocket(a.baseUrl, "/auth/ws/authenticate", { origin: a.origin, host: a.host });
    const onB = await openSocket(b.baseUrl, "/auth/ws/authenticate", { origin: b.origin, host: b.host });
    const optionsA = await onA.next();
    const optionsB = await onB.next();
    // One after the other: one authenticator's counter must reach the server in order.
    onB.ws.send(JSON.stringify(a.authenticator.authenticate({ publicKey: optionsA }, { origin: a.origin })));
    const outB = await onB.outcome;
    onA.ws.send(JSON.stringify(a.authenticator.authenticate({ publicKey: optionsB }, { origin: a.origin })));
    const outA = await onA.outcome;
    expect(outA.messages.at(-1)).toMatchObject({ user_uuid });
    expect(outB.messages.at(-1)).toMatchObject({ user_uuid });

    const registration = await openSocket(a.baseUrl, "/auth/ws/register?name=Cross", { origin: a.origin, host: a.host });
    const creation = await registration.next();
    const elsewhere = await openSocket(b.baseUrl, "/auth/ws/authenticate", { origin: b.origin, host: b.host });
    await elsewhere.next();
    // The registration begun on A is finished through a socket on B: the challenge row says what it was for.
    elsewhere.ws.close();
    const finisher = await openSocket(b.baseUrl, "/auth/ws/register?name=Other", { origin: b.origin, host: b.host });
    await finisher.next();
    const fresh = new PasskeyBrowser(a.baseUrl);
    finisher.ws.send(JSON.stringify(fresh.authenticator.register({ publicKey: creation }, { origin: a.origin })));
    const done = (await finisher.outcome).messages.at(-1);
    expect(done.message).toBe("New credential added successfully");
    registration.ws.close();
    expect((await fresh.setSession(done.session_token)).status).toBe(200);
    expect((await fresh.call("POST", "/auth/api/user-info")).body.user.user_name).toBe("Cross");

    await a.signIn();
    const onOther = a.on(second!.publicUrl);
    expect((await onOther.call("GET", "/auth/api/forward")).status).toBe(204);
    expect((await a.call("POST", "/auth/api/logout")).status).toBe(200);
    expect((await onOther.call("GET", "/auth/api/forward", { headers: { accept: "application/json" } })).status).toBe(401);
  });

  it.runIf(backend() === "postgres")("a second instance on a bootstrapped database makes no second admin", async () => {
    expect(await second!.services.passkeys.bootstrap()).toBeUndefined();
    const admins = await server.gql(`{ users(first: 100) { nodes { displayName } } }`);
    expect(admins.data?.users.nodes.filter((u: { displayName: string }) => u.displayName === "Admin")).toHaveLength(1);
  });

  it.runIf(backend() === "postgres")("two instances starting together on an empty database bootstrap one admin between them", async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, SECRETS_KEY: TEST_SECRETS_KEY, LOG_LEVEL: "silent" });
    const links: unknown[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void (JSON.parse(line).passkeyAdminLink && links.push(JSON.parse(line).passkeyAdminLink)) });
    const both = await Promise.all([startServer(config, { logger }), startServer(config, { logger })]);
    try {
      expect(links).toHaveLength(1);
      const admins = await both[1].services.orgs.members.list((await both[1].services.orgs.list({ global: true, orgs: new Set() }))[0]!.id);
      expect(admins).toHaveLength(1);
      expect((await both[0].services.orgs.list({ global: true, orgs: new Set() })).length).toBe(1);
    } finally {
      await Promise.all(both.map((s) => s.stop()));
      await database.drop();
    }
  });
});
