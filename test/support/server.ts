import { join } from "node:path";
import { pino, type Logger } from "pino";
import { loadConfig, type Config } from "#src/config/index.js";
import { createLogger, startServer, type RunningServer, type StartOptions } from "#src/http/index.js";
import { runLogDir } from "#test/security/log-check-dir.js";
import { createTestDatabase } from "./database.js";

export const ADMIN_KEY = "test-admin-key-0123456789abcdef";
/** Tests bring their own key to encrypt signing keys (PostgreSQL refuses to start without one). */
export const TEST_SECRETS_KEY = "test-secrets-key-0123456789abcdef0123456789";

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface TestServer extends RunningServer {
  config: Config;
  /** POSTs a GraphQL operation to the public listener; bearer: the admin key unless given (null: none). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, bearer?: string | null): Promise<GraphQLResponse<T>>;
}

/** TestServer.gql for the server at this public URL. */
export function graphqlPoster(publicUrl: string): TestServer["gql"] {
  return async (query, variables = {}, bearer = ADMIN_KEY) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    const res = await fetch(`${publicUrl}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as GraphQLResponse<any>;
  };
}

let runLog: Logger | undefined;

/**
 * The test servers of this process log as production does (redaction, serializers) at level debug,
 * asynchronously, into one file of the run's log directory that the suite-wide log check scans
 * (test/security/log-check.global.ts); the file is named after the project, so each checks its own.
 */
function runLogger(): Logger {
  if (!process.env.TEST_RUN_ID) return pino({ level: "silent" });
  const file = join(runLogDir(process.env.TEST_RUN_ID), `${process.env.TEST_DB ?? "pglite"}-${process.pid}.log`);
  return (runLog ??= createLogger("debug", pino.destination({ dest: file, mkdir: true, sync: false })));
}

/** The configuration of a test server on this database: ephemeral loopback ports, the suite's keys; env adds or overrides. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: "0",
    INTERNAL_PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: ADMIN_KEY,
    SECRETS_KEY: TEST_SECRETS_KEY,
    // The lowest cost the server accepts: the suite hashes thousands of times; the default is for production.
    PASSWORD_HASH_MEMORY_KIB: "4096",
    PASSWORD_HASH_TIME_COST: "1",
    LOG_LEVEL: "silent",
    ...env,
  });
}

/** A real server on ephemeral ports over a database of its own; stop() drops the database. */
export async function startTestServer(options: StartOptions & { env?: Record<string, string> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = testConfig(database.url, options.env);
  const server = await startServer(config, { logger: runLogger(), ...options }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    ...server,
    config,
    gql: graphqlPoster(server.publicUrl),
    async stop() {
      await server.stop();
      await database.drop();
      // The process may end right after: its lines reach the file first.
      await new Promise<void>((resolve) => (runLog ? runLog.flush(() => resolve()) : resolve()));
    },
  };
}
