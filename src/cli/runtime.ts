import { loadConfig } from "#src/config/index.js";
import { connect, migrate, type Database, type DatabaseKind } from "#src/db/index.js";
import type { Actor } from "#src/services/access/index.js";
import { systemClock } from "#src/services/clock/index.js";
import { createServices, type Services } from "#src/services/index.js";
import { ensureDefaultRealm } from "#src/services/realms/index.js";
import { configureHashCost } from "#src/services/passwords/index.js";

/** Where the CLI reads and writes; main.ts binds it to the process, tests to buffers. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** A result, on stdout. */
  print(text: string): void;
  /** A line of note or error, on stderr, so stdout stays pure JSON. */
  warn(text: string): void;
  /** Prompt text as is (no line break), on stderr. */
  prompt(text: string): void;
  exitCode: number;
}

export interface CliContext {
  services: Services;
  /** Audit events record that an operator at a shell did it. */
  actor: Actor;
  database: DatabaseKind;
  defaultRealm: string;
  warn(text: string): void;
}

export type CliAction = (ctx: CliContext) => Promise<unknown>;

export const cliActor: Actor = { type: "cli" };

/** A failure in one line: operators read it in a terminal or a CI log, a stack trace helps neither. */
export function oneLine(error: unknown): string {
  const e = error as { message?: unknown; code?: unknown };
  const text = typeof e?.message === "string" && e.message ? e.message : typeof e?.code === "string" ? e.code : String(error);
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Opens the store DATABASE_URL / DATA_DIR name, migrates it and makes sure the default realm
 * exists (as server start-up does), runs the action, prints its result as JSON, and closes.
 * Returns the exit code: 0, or 1 with a one-line message on stderr.
 */
export async function runAction(io: CliIo, action: CliAction): Promise<number> {
  let database: Database | undefined;
  try {
    const config = loadConfig(io.env);
    configureHashCost(config.passwordHash);
    database = await connect({ url: config.databaseUrl, dataDir: config.dataDir, maxConnections: 2 });
    await migrate(database);
    const services = createServices({ db: database.db, clock: systemClock, config });
    await ensureDefaultRealm(services.realms, services.clients, config.defaultRealm);
    const result = await action({ services, actor: cliActor, database: database.kind, defaultRealm: config.defaultRealm, warn: io.warn });
    io.print(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    io.warn(`error: ${oneLine(error)}`);
    return 1;
  } finally {
    await database?.close().catch(() => {});
  }
}

/** What a command registration needs: run an action and record its exit code. */
export type Runner = (action: CliAction) => Promise<void>;

export function runnerFor(io: CliIo): Runner {
  return async (action) => {
    io.exitCode = await runAction(io, action);
  };
}
