import { createClient, type Client } from "graphql-ws";
import type { Redis } from "ioredis";
import { pino } from "pino";
import WebSocket from "ws";
import { loadConfig } from "#src/config/index.js";
import { startServer } from "#src/http/index.js";
import { ADMIN_KEY, graphqlPoster, TEST_SECRETS_KEY, type TestServer } from "#test/support/server.js";

export interface SessionEventMessage {
  id: string;
  type: string;
  sessionId: string;
  userId: string;
  reasonCode: string | null;
  actorType: string;
  actorId: string | null;
  occurredAt: string;
}

export interface Subscription {
  events: SessionEventMessage[];
  /** Resolves with the first event (seen or to come) that matches; rejects after the timeout. */
  waitFor(match: (event: SessionEventMessage) => boolean, timeoutMs?: number): Promise<SessionEventMessage>;
  /** Settles with the subscription's errors, or with the reason the socket closed. */
  failure: Promise<unknown>;
  /** Settles when the server ends the subscription. */
  completed: Promise<void>;
  close(): Promise<void>;
}

const FIELDS = "id type sessionId userId reasonCode actorType actorId occurredAt";

export function wsClient(server: TestServer, bearer: string | null = ADMIN_KEY): Client {
  return createClient({
    url: `${server.publicUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Subscribes over graphql-ws; `field` is sessionEvents (with optional arguments) or logoutSessionEvents. */
export function subscribe(server: TestServer, field: string, bearer: string | null = ADMIN_KEY): Subscription {
  const client = wsClient(server, bearer);
  const events: SessionEventMessage[] = [];
  const waiters: { match: (e: SessionEventMessage) => boolean; resolve: (e: SessionEventMessage) => void }[] = [];
  let fail!: (reason: unknown) => void;
  const failure = new Promise<unknown>((resolve) => (fail = resolve));
  let complete!: () => void;
  const completed = new Promise<void>((resolve) => (complete = resolve));
  const name = field.replace(/\(.*$/, "");
  client.subscribe<Record<string, SessionEventMessage>>(
    { query: `subscription { ${field} { ${FIELDS} } }` },
    {
      next: (result) => {
        if (result.errors) return fail(result.errors);
        const event = result.data![name]!;
        events.push(event);
        for (const w of waiters.filter((w) => w.match(event))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      },
      error: (error) => fail(error),
      complete: () => complete(),
    },
  );
  return {
    events,
    failure,
    completed,
    waitFor(match, timeoutMs = 10_000) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close: () => client.dispose() as Promise<void>,
  };
}

/**
 * A subscription is live once the server has added its listener; a client cannot see when that
 * happened, so tests make a throw-away event and wait for it before the change they watch: a new
 * session ("created"), or for a logout-only subscription a new session revoked at once.
 */
export async function warmUp(server: TestServer, subscription: Subscription, userId: string, logout = false): Promise<string> {
  for (let tries = 0; tries < 30; tries++) {
    const session = await server.services.sessions.create({ userId, kind: "browser" });
    if (logout) await server.services.sessions.revoke(session.id, "warm_up", { type: "system" });
    const seen = await subscription.waitFor((e) => e.sessionId === session.id, 300).catch(() => undefined);
    if (seen) return session.id;
  }
  throw new Error("the subscription never became live");
}

export async function newPlainUser(server: TestServer, name: string): Promise<{ id: string; email: string }> {
  const username = `${name}-${Math.random().toString(36).slice(2, 10)}`;
  const res = await server.gql(`mutation($u: String!, $e: String!) { createUser(input: {username: $u, email: $e}) { id } }`, { u: username, e: `${username}@example.com` });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { id: res.data!.createUser.id as string, email: `${username}@example.com` };
}

export const galaxy = (server: TestServer, path: string, body: unknown) =>
  fetch(`${server.internalUrl}/api/v1/internal${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** A local Redis database of these tests' own (the stream key stays `logout`, as consumers read it). */
export const REDIS_URL = "redis://127.0.0.1:6379/7";

/** The ids of every `logout` stream entry for the given session, read with XRANGE. */
export async function logoutEntries(redis: Redis, sessionId: string): Promise<string[][]> {
  const entries = await redis.xrange("logout", "-", "+");
  return entries.map(([, fields]) => fields).filter((fields) => fields[1] === sessionId);
}

/** Polls until `check` holds (or throws its last failure after the timeout). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** A server over a given database (tests that run several instances, or restart one). */
export async function startInstance(database: { url?: string; dataDir?: string }, env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({
    PORT: "0",
    INTERNAL_PORT: "0",
    HOST: "127.0.0.1",
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...(database.dataDir ? { DATA_DIR: database.dataDir } : {}),
    ADMIN_API_KEY: ADMIN_KEY,
    SECRETS_KEY: TEST_SECRETS_KEY,
    PASSWORD_HASH_MEMORY_KIB: "4096",
    PASSWORD_HASH_TIME_COST: "1",
    PURGE_INTERVAL_SECONDS: "0",
    ...env,
  });
  const server = await startServer(config, { logger: pino({ level: "silent" }) });
  return {
    ...server,
    config,
    gql: graphqlPoster(server.publicUrl),
  };
}
