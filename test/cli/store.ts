import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { CliIo } from "#src/cli/runtime.js";
import { connect, migrate, type Database } from "#src/db/index.js";
import { createServices, type Services } from "#src/services/index.js";
import { systemClock } from "#src/services/clock/index.js";
import { backend, createTestDatabase } from "#test/support/database.js";
import { TEST_SECRETS_KEY } from "#test/support/server.js";

export interface CliStore {
  /** The environment a CLI run gets: it names a store that outlives one run. */
  env: Record<string, string>;
  /** Opens the same store to look at what a run left behind. */
  open(): Promise<{ database: Database; services: Services }>;
  dispose(): Promise<void>;
}

/**
 * Each CLI run opens and closes its store, so memory:// (gone at close) cannot show what one
 * run left for the next: on PGlite the runs share an embedded store in a temporary DATA_DIR,
 * on PostgreSQL a test database of their own.
 */
export async function cliStore(): Promise<CliStore> {
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  if (backend() === "pglite") {
    const dataDir = await mkdtemp(join(tmpdir(), "identity-cli-"));
    env = { DATA_DIR: dataDir };
    dispose = () => rm(dataDir, { recursive: true, force: true });
  } else {
    const database = await createTestDatabase();
    env = { DATABASE_URL: database.url, SECRETS_KEY: TEST_SECRETS_KEY };
    dispose = () => database.drop();
  }
  return {
    env,
    dispose,
    async open() {
      const database = await connect({ url: env.DATABASE_URL, dataDir: env.DATA_DIR ?? "", maxConnections: 2 });
      await migrate(database);
      return { database, services: createServices({ db: database.db, clock: systemClock }) };
    },
  };
}

/** A CLI io that records what it prints; stdin is the given text, as if piped. */
export function capturedIo(env: Record<string, string>, stdinText = ""): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env,
    stdin: Readable.from([Buffer.from(stdinText)]),
    print: (text) => void out.push(text),
    warn: (text) => void err.push(text),
    prompt: (text) => void err.push(text),
    exitCode: 0,
    out,
    err,
  };
}
