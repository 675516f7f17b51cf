/** What every scenario gets: the servers, the database, fixtures made once, and where rows go. */
import type { BenchOptions } from "../cli/options.js";
import { selected } from "../cli/options.js";
import type { BenchDatabase } from "../db/bench-database.js";
import type { LoadSpec, RequestTemplate, Value } from "../load/load-spec.js";
import { measureLoad } from "../load/measure.js";
import { markWindow } from "../profiling/crop.js";
import { SHARED_LIMIT } from "../report/targets.js";
import type { Row } from "../report/rows.js";
import type { ServerProcess } from "../server/server-process.js";
import type { StatementSample } from "./count-statements.js";

export type Profile = "owasp" | "production";

export interface BenchContext {
  options: BenchOptions;
  db: BenchDatabase;
  realmId: string;
  /** One instance per argon2id profile; both idle but the one under load. */
  servers: Record<Profile, ServerProcess>;
  introspector: { clientId: string; clientSecret: string };
  logins: Record<Profile, string[]>;
  /** Users seeded so far (indexes 0..seeded-1). */
  seeded: number;
  seedPassword: string;
  heavyListUserId?: string;
  rows: Row[];
  /** Requests whose SQL statements are counted after each size (see count-statements.ts). */
  samples: StatementSample[];
}

export const isSelected = (ctx: BenchContext, id: string) => selected(ctx.options, id);

/** Every server instance of the run: all must be idle before a measurement starts. */
export const allServerPids = (ctx: BenchContext) => Object.values(ctx.servers).map((s) => s.pid);

export interface LoadedScenario {
  id: string;
  title: string;
  /** Target origin (a server's public or internal URL, a baseline's, or the proxy's). */
  url: string;
  /** Processes whose RSS and CPU count as the server's. */
  pids: number[];
  request: RequestTemplate;
  rotate?: Value[];
  chain?: { pool: string[]; field: string };
  connections?: number;
  baselineId?: string;
  /** The server instances whose logged errors count against this row. */
  servers?: ServerProcess[];
  kind?: Row["kind"];
  note?: string;
  /** Floors under --seconds and --warmup, for rows whose requests queue for seconds (argon2id at 64 MiB behind 32 connections). */
  minSeconds?: number;
  minWarmupSeconds?: number;
}

/**
 * Rows bound by argon2id at 64 MiB: 32 requests queue for over ten seconds at a few per second,
 * so the warm-up must fill that queue and the measurement must see many of them complete.
 */
export const SLOW_HASH = { minSeconds: 20, minWarmupSeconds: 10 };

/** Measures one loaded scenario and returns its row (not yet judged). */
export async function runLoaded(ctx: BenchContext, scenario: LoadedScenario): Promise<Row> {
  const connections = scenario.connections ?? ctx.options.connections;
  const spec: LoadSpec = {
    url: scenario.url,
    connections,
    seconds: Math.max(ctx.options.seconds, scenario.minSeconds ?? 0),
    warmupSeconds: Math.max(ctx.options.warmupSeconds, scenario.minWarmupSeconds ?? 0),
    request: scenario.request,
    ...(scenario.rotate ? { rotate: scenario.rotate } : {}),
    ...(scenario.chain ? { chain: scenario.chain } : {}),
  };
  for (const server of scenario.servers ?? []) {
    if (!server.alive()) throw new Error(`${scenario.id}: the server under test is not running any more`);
    server.takeErrors();
  }
  const busy = [...new Set([...scenario.pids, ...allServerPids(ctx)])];
  let m = await measureLoad(spec, scenario.pids, busy, ctx.options.waitQuiet);
  // On a shared machine, a row another job took a good share of the CPU from is measured once more.
  if (ctx.options.waitQuiet > 0 && m.cpu.other >= SHARED_LIMIT) {
    console.log(`  ${scenario.id.padEnd(34)} (other processes took ${m.cpu.other}% of a core: measuring again)`);
    if (spec.chain) spec.chain = { ...spec.chain, pool: m.chainPool ?? [] };
    const again = await measureLoad(spec, scenario.pids, busy, ctx.options.waitQuiet);
    if (again.cpu.other < m.cpu.other) m = again;
  }
  const serverErrors = (scenario.servers ?? []).flatMap((s) => s.takeErrors());
  if (ctx.options.cpuProf && scenario.servers) markWindow(scenario.servers.map((s) => s.label), `${scenario.id}.${ctx.seeded}`, m.window.from, m.window.to);
  const row: Row = {
    id: scenario.id,
    title: scenario.title,
    kind: scenario.kind ?? "scenario",
    ...(scenario.kind === "baseline" ? {} : { size: ctx.seeded }),
    connections,
    rps: m.rps,
    p50: m.p50,
    p99: m.p99,
    errors: m.non2xx + m.errors,
    rssMb: m.rssMb,
    cpu: m.cpu,
    ...(scenario.baselineId ? { baselineId: scenario.baselineId } : {}),
    ...(scenario.servers ? { serverErrors: serverErrors.length } : {}),
    ...(m.sampleError ? { sampleError: m.sampleError } : {}),
    ...(scenario.note ? { note: scenario.note } : {}),
    ...(m.drainSeconds >= 1 ? { details: { drainSeconds: Math.round(m.drainSeconds) } } : {}),
  };
  const statuses = Object.entries(m.statusCodes).map(([code, n]) => `${code}×${n}`).join(" ");
  console.log(
    `  ${scenario.id.padEnd(34)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50.toFixed(1).padStart(7)} ms  p99 ${m.p99.toFixed(1).padStart(7)} ms  ` +
      `rss ${m.rssMb.toFixed(0).padStart(4)} MB  cpu srv/pg/load/other ${m.cpu.server}/${m.cpu.postgres}/${m.cpu.load}/${m.cpu.other}%  [${statuses}]` +
      (m.drainSeconds >= 1 ? `  busy ${m.drainSeconds.toFixed(0)} s after the load` : "") +
      (m.cpu.parallelWorkers ? `  postgres parallel workers: ${m.cpu.parallelWorkers}` : "") +
      (serverErrors.length ? `  server errors: ${serverErrors.length}` : ""),
  );
  if (m.sampleError) console.log(`    first failure: ${m.sampleError}`);
  if (serverErrors[0]) console.log(`    first server error: ${serverErrors[0].slice(0, 400)}`);
  ctx.rows.push(row);
  return row;
}
