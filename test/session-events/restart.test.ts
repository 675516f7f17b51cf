import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { freePort } from "#test/support/process.js";
import type { TestServer } from "#test/support/server.js";
import { eventually, galaxy, logoutEntries, newPlainUser, REDIS_URL, startInstance } from "./support.js";

/** Nothing listens on port 1: the first instance cannot reach "Redis". */
const UNREACHABLE_REDIS = "redis://127.0.0.1:1/7";

describe("a restart between the change and its delivery", () => {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let location: { url?: string; dataDir?: string };
  let redis: Redis;
  let running: TestServer | undefined;
  let receiver: Server | undefined;

  beforeAll(async () => {
    // PGlite keeps its data across a restart only on disk; PostgreSQL gets a database of its own.
    if (backend() === "pglite") location = { dataDir: (dataDir = mkdtempSync(join(tmpdir(), "session-events-"))) };
    else location = { url: (database = await createTestDatabase()).url };
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await running?.stop();
    if (receiver) await new Promise((resolve) => receiver!.close(resolve));
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("loses nothing: the logout committed while Redis and the webhook were unreachable arrives from the next instance", async () => {
    const port = await freePort();
    const first = (running = await startInstance(location, { REDIS_URL: UNREACHABLE_REDIS }));
    const hook = await first.gql(`mutation($url: String!) { createWebhook(input: {url: $url, eventTypes: [REVOKED]}) { secret } }`, { url: `http://127.0.0.1:${port}/hook` });
    expect(hook.errors).toBeUndefined();
    const user = await newPlainUser(first, "restart");
    const session = await first.services.sessions.create({ userId: user.id, kind: "device" });
    const res = await galaxy(first, `/sessions/${session.id}/revoke`, { reason_code: "lost_device", actor: { type: "admin" } });
    expect(res.status).toBe(200);

    // Committed with the change, delivered nowhere yet.
    const events = await first.database.db.select().from(tables.sessionEvents).where(eq(tables.sessionEvents.sessionId, session.id));
    expect(events.map((e) => e.type)).toEqual(["created", "revoked"]);
    await eventually(async () => {
      const [row] = await first.database.db.select().from(tables.webhooks);
      expect(row!.lastError).toMatch(/^request failed/);
    });
    expect(await logoutEntries(redis, session.id)).toEqual([]);
    await first.stop();
    running = undefined;

    const received: string[] = [];
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(port, "127.0.0.1", resolve));

    running = await startInstance(location, { REDIS_URL });
    await eventually(async () => expect(await logoutEntries(redis, session.id)).toEqual([["sessionId", session.id]]), 15_000);
    await eventually(() => Promise.resolve(expect(received.map((b) => JSON.parse(b).data.sessionId)).toEqual([session.id])), 15_000);
  });
});
