/**
 * Issue 14's benchmark: seeds 10 thousand, 100 thousand and 1 million users on PostgreSQL and
 * drives each scenario against the compiled server with autocannon from a separate process,
 * beside baselines measured in the same run; prints one table, writes bench/results.md and
 * bench/results.json, and names every target missed. See bench/README.md.
 */
import { execFileSync } from "node:child_process";
import argon2 from "argon2";
import { runBaselines } from "./baselines/index.js";
import { HASH_PROFILES, parseOptions } from "./cli/options.js";
import { openBenchDatabase } from "./db/bench-database.js";
import { seedUsers, seededCount } from "./db/seed.js";
import { forkChild } from "./process/children.js";
import { countPostgresBackends } from "./process/proc-stats.js";
import { cropProfiles } from "./profiling/crop.js";
import { describeMachine } from "./report/machine.js";
import { missedList, parametersOf, rewriteResults, writeResults } from "./report/results.js";
import { textTable } from "./report/table.js";
import { judge } from "./report/targets.js";
import { runAuthService } from "./scenarios/auth-service.js";
import { runPasskey } from "./scenarios/passkey.js";
import { runBroker } from "./scenarios/broker.js";
import { isSelected, type BenchContext } from "./scenarios/context.js";
import type { CountInput, CountResult } from "./scenarios/count-statements.js";
import { configureRealm, createIntrospector, ensureLoginAccounts, PROTOCOL } from "./scenarios/fixtures.js";
import { runGalaxy } from "./scenarios/galaxy.js";
import { runGraphql } from "./scenarios/graphql.js";
import { runOidc, seededTokens } from "./scenarios/oidc.js";
import { runScaleOut } from "./scenarios/scale-out.js";
import { KEYS, PUBLIC_URL, startServerProcess, type ServerProcess } from "./server/server-process.js";

const SEED_PASSWORD = "Seeded-user-password-4821";
const LOGIN_ACCOUNTS = 16;
const USERINFO_TOKENS = 256;

const options = parseOptions(process.argv.slice(2));
if (options.reportOnly) {
  const missed = rewriteResults(judge);
  console.log(`rewrote bench/results.md and bench/results.json; ${missed.length} verdicts missed`);
  process.exit(0);
}
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

if (options.build) {
  console.log("building the server (npm run build)…");
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
}

const db = await openBenchDatabase({ adminUrl: options.adminUrl, keep: options.keepDb });
const machine = describeMachine(db.version);
console.log(`bench database ${db.name} on PostgreSQL ${db.version}; ${machine.cpu}, ${machine.cores} cores; load average ${machine.loadAverage.join(" ")}`);
console.log(`sizes ${options.sizes.join(", ")}; ${options.seconds} s per scenario after ${options.warmupSeconds} s warm-up; ${options.connections} connections\n`);

// PostgreSQL's share of the CPU: the backends serving the bench database.
countPostgresBackends(async () =>
  (await db.sql<{ pid: number; parallel: boolean }[]>`select pid, backend_type = 'parallel worker' as parallel from pg_stat_activity where datname = ${db.name}`).map((r) => ({ ...r })),
);

const servers: ServerProcess[] = [];
async function cleanUp(): Promise<void> {
  await Promise.allSettled(servers.map((s) => s.stop()));
  await db.close();
  if (options.cpuProf) {
    const files = cropProfiles();
    if (files.length) console.log(`CPU profiles of each measured run (open in Chrome DevTools or speedscope):\n  ${files.join("\n  ")}`);
  }
}
process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

/** SQL statements per request of this size's samples, in a server run in process (see count-statements.ts). */
async function countStatements(ctx: BenchContext): Promise<Record<string, string[]>> {
  const env = {
    DATABASE_URL: db.url,
    SECRETS_KEY: KEYS.secrets,
    ADMIN_API_KEY: KEYS.admin,
    API_ACCESS_KEYS: KEYS.broker,
    PUBLIC_URL,
    PURGE_INTERVAL_SECONDS: "0",
    PASSWORD_HASH_MEMORY_KIB: String(HASH_PROFILES.owasp.memoryKib),
    PASSWORD_HASH_TIME_COST: String(HASH_PROFILES.owasp.timeCost),
  };
  const counts = await forkChild<CountInput, CountResult>("scenarios/count-statements.ts", { env, samples: ctx.samples }).reply;
  ctx.samples = [];
  const statements: Record<string, string[]> = {};
  for (const [id, count] of Object.entries(counts)) {
    for (const row of ctx.rows.filter((r) => r.id === id && r.size === ctx.seeded)) row.statements = count.statements;
    if (count.status >= 300) console.log(`  (statement count of ${id}: the counted request answered ${count.status})`);
    statements[id] = count.sql;
  }
  return statements;
}

try {
  const owaspServer = await startServerProcess({ databaseUrl: db.url, hash: HASH_PROFILES.owasp, cpuProf: options.cpuProf, label: "owasp", env: options.serverEnv });
  servers.push(owaspServer);
  const productionServer = await startServerProcess({ databaseUrl: db.url, hash: HASH_PROFILES.production, cpuProf: options.cpuProf, label: "production", env: options.serverEnv });
  servers.push(productionServer);
  const ctx: BenchContext = {
    options,
    db,
    realmId: await configureRealm(owaspServer),
    servers: { owasp: owaspServer, production: productionServer },
    introspector: await createIntrospector(owaspServer),
    logins: {
      owasp: await ensureLoginAccounts(owaspServer, "login-owasp-", LOGIN_ACCOUNTS),
      production: await ensureLoginAccounts(productionServer, "login-production-", LOGIN_ACCOUNTS),
    },
    seeded: await seededCount(db.sql),
    // One hash for every seeded user, at the OWASP cost (tokens for seeded users come from real password grants).
    seedPassword: SEED_PASSWORD,
    rows: [],
    samples: [],
  };
  const seedHash = await argon2.hash(SEED_PASSWORD, { type: argon2.argon2id, memoryCost: HASH_PROFILES.owasp.memoryKib, timeCost: HASH_PROFILES.owasp.timeCost, parallelism: 4 });
  let statements: Record<string, string[]> = {};

  for (const [index, size] of options.sizes.entries()) {
    if (ctx.seeded < size) {
      const seedStart = performance.now();
      process.stdout.write(`seeding users ${ctx.seeded.toLocaleString("en")} → ${size.toLocaleString("en")} with COPY… `);
      await seedUsers({ sql: db.sql, realmId: ctx.realmId, passwordHash: seedHash, epochMs: Date.UTC(2026, 0, 1) }, ctx.seeded, size);
      console.log(`${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    }
    ctx.seeded = await seededCount(db.sql);
    console.log(`\n== ${ctx.seeded.toLocaleString("en")} users (${elapsed()})`);
    const tokens = await seededTokens(ctx, USERINFO_TOKENS);

    if (index === 0) {
      const res = await fetch(`${owaspServer.publicUrl}${PROTOCOL}/userinfo`, { headers: { authorization: `Bearer ${tokens[0]!.accessToken}` } });
      const userinfo = await res.text();
      if (!res.ok) throw new Error(`userinfo answered ${res.status}: ${userinfo}`);
      console.log("baselines");
      await runBaselines(ctx, userinfo);
      console.log("scenarios");
    }
    await runOidc(ctx, tokens);
    await runBroker(ctx);
    await runGalaxy(ctx);
    await runAuthService(ctx);
    await runPasskey(ctx);
    await runGraphql(ctx);
    statements = { ...statements, ...(await countStatements(ctx)) };
    if (index === options.sizes.length - 1 && isSelected(ctx, "scale")) await runScaleOut(ctx, tokens);
  }

  const missed = judge(ctx.rows);
  console.log(`\n${textTable(ctx.rows)}\n`);
  console.log(missed.length === 0 ? "Every target met." : `Targets missed:\n${missedList(missed).map((l) => `- ${l}`).join("\n")}`);
  if (options.write) {
    writeResults(parametersOf(options), machine, ctx.rows, missed, statements);
    console.log("\nwrote bench/results.md and bench/results.json");
  }
  console.log(`done in ${elapsed()}`);
} finally {
  await cleanUp();
}
