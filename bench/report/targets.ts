/**
 * Issue 14's targets, judged on the rows of one run: ratios against baselines of the same run,
 * absolute latencies, the revocation checks, p50 growth from the smallest to the largest size,
 * and resident memory under load.
 */
import type { Row, Verdict } from "./rows.js";
import { CAUSES } from "./causes.js";

const RATIO_TARGETS: Record<string, number> = {
  "oidc.userinfo": 1.2,
  "oidc.introspection": 1.2,
  "oidc.refresh": 0.5,
  "oidc.password-owasp": 0.85,
  "oidc.password-production": 0.85,
  "broker.authentication-owasp": 0.85,
  "broker.authentication-production": 0.85,
  "galaxy.list": 0.5,
  "galaxy.get": 0.5,
  // Issue 15: a ticket check at 0.6× of express's hello, the session row read every time.
  "auth.who-am-i": 0.6,
  "auth.authenticate": 0.6,
  "passkey.forward": 0.8,
};
export const MEMORY_LIMIT_MB = 200;
export const GROWTH_LIMIT = 1.5;
/** Percent of a core taken by other processes from which a row's figures are called unreliable. */
export const SHARED_LIMIT = 40;

const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Where the time went during the measured run, in a few words. */
export function whatItShows(row: Row): string {
  if (row.errors) return `${row.errors} failed request(s)${row.sampleError ? `, e.g. ${row.sampleError.slice(0, 160)}` : ""}`;
  const c = row.cpu;
  if (!c) return "";
  const shares = `cpu server ${c.server}%, postgres ${c.postgres}%, load ${c.load}%, other ${c.other}% of a core; machine ${c.machine}% busy`;
  const parties: [string, number][] = [
    ["server", c.server],
    ["postgres", c.postgres],
    ["load generator", c.load],
  ];
  const [top] = parties.sort((a, b) => b[1] - a[1]);
  if (c.parallelWorkers > 0) {
    // Parallel workers live shorter than a sample of the backends, so their CPU lands in "other".
    return `PostgreSQL ran ${c.parallelWorkers} parallel workers (their CPU shows under other): a statement scans a whole table in parallel (${shares})`;
  }
  return bottleneck(c, top![0], shares);
}

function bottleneck(c: NonNullable<Row["cpu"]>, top: string, shares: string): string {
  if (c.other >= SHARED_LIMIT) return `other processes (another job, or PostgreSQL parallel workers) took ${c.other}% of a core: figures unreliable if another job (${shares})`;
  if (c.machine >= 85) return `machine CPU saturated, mostly the ${top} (${shares})`;
  if (c.server >= 90) return `CPU-bound in the server process (${shares})`;
  return `CPU not saturated: waiting on locks, the connection pool or I/O (${shares})`;
}

/** Which kind of target a verdict is, for report/causes.ts. */
type TargetKind = "throughput" | "latency" | "revocation" | "statements" | "memory" | "growth";

function verdict(row: Row, kind: TargetKind, target: string, met: boolean, shows: string): Verdict {
  const cause = met ? undefined : (CAUSES[`${row.id}:${kind}`] ?? CAUSES[kind] ?? "not yet diagnosed");
  return { target, met, shows, ...(cause ? { cause } : {}) };
}

/** The row's baseline: measured at the same size when it is a scenario itself, else once per run. */
function baselineOf(row: Row, rows: Row[]): Row | undefined {
  if (!row.baselineId) return undefined;
  return rows.find((r) => r.id === row.baselineId && (r.size === undefined || r.size === row.size));
}

function primary(row: Row, rows: Row[]): Verdict | undefined {
  const ok = (row.errors ?? 0) === 0;
  const threshold = RATIO_TARGETS[row.id];
  const baseline = baselineOf(row, rows);
  if (threshold !== undefined) {
    if (!baseline?.rps || row.ratio === undefined) return undefined;
    return verdict(row, "throughput", `≥ ${threshold}× ${baseline.id}`, ok && row.ratio >= threshold, `${fmt(row.ratio)}× (${(row.rps ?? 0).toFixed(0)} vs ${baseline.rps.toFixed(0)} req/s); ${whatItShows(row)}`);
  }
  switch (row.id) {
    case "galaxy.list-10k":
      return verdict(row, "latency", "p50 < 50 ms, one client", ok && row.p50! < 50, `p50 ${fmt(row.p50!, 1)} ms; ${whatItShows(row)}`);
    case "graphql.users-page":
      return verdict(row, "latency", "p50 < 20 ms", ok && row.p50! < 20, `p50 ${fmt(row.p50!, 1)} ms (one client); ${whatItShows(row)}`);
    case "galaxy.revoke-all-10k":
    case "galaxy.block-10k": {
      const d = row.details ?? {};
      const met = ok && row.callMs! < 500 && d.revoked === 10_000 && d.active === 0 && d.transactions === 1;
      return verdict(
        row,
        "revocation",
        "< 500 ms, one transaction",
        met,
        `median ${row.callMs!.toFixed(0)} ms of ${d.calls} calls (slowest ${d.slowestMs} ms); in each, ${d.revoked}+ of 10000 revoked, ${d.active} left active, ${d.transactions} transaction(s); replies said ${d.affected}+`,
      );
    }
    default:
      return undefined;
  }
}

/** Judges every row in place and returns the missed verdicts, each with its row. */
export function judge(rows: Row[]): { row: Row; verdict: Verdict }[] {
  for (const row of rows) {
    const baseline = baselineOf(row, rows);
    if (baseline?.rps && row.rps !== undefined) row.ratio = row.rps / baseline.rps;
  }
  const scenarios = rows.filter((r) => r.kind === "scenario");
  const sizes = [...new Set(scenarios.map((r) => r.size!))].sort((a, b) => a - b);
  for (const row of scenarios) {
    const verdicts: Verdict[] = [];
    const main = primary(row, rows);
    if (main) verdicts.push(main);
    if (row.id === "graphql.users-page") {
      const n = row.statements;
      verdicts.push(verdict(row, "statements", "≤ 5 SQL statements", n !== undefined && n <= 5, `${n ?? "not counted"} statements per request, the caller authentication included`));
    }
    if (row.rssMb !== undefined) verdicts.push(verdict(row, "memory", `memory < ${MEMORY_LIMIT_MB} MB`, row.rssMb < MEMORY_LIMIT_MB, `peak RSS ${row.rssMb.toFixed(0)} MB`));
    if (sizes.length > 1 && row.size === sizes.at(-1)) {
      const first = scenarios.find((r) => r.id === row.id && r.size === sizes[0]);
      const latency = (r: Row) => r.callMs ?? r.p50;
      const [from, to] = [first && latency(first), latency(row)];
      if (from && to) {
        const growth = to / from;
        row.details = { ...row.details, growth };
        const parallel = (first!.cpu?.parallelWorkers ?? 0) + (row.cpu?.parallelWorkers ?? 0) > 0;
        const shared = parallel ? 0 : Math.max(first!.cpu?.other ?? 0, row.cpu?.other ?? 0);
        const caveat = shared >= SHARED_LIMIT ? `; other processes (another job, or PostgreSQL parallel workers) took ${shared}% of a core during one of the two` : "";
        verdicts.push(verdict(row, "growth", `p50 growth ${sizes[0]!.toLocaleString("en")} → ${row.size!.toLocaleString("en")} < ${GROWTH_LIMIT}×`, growth < GROWTH_LIMIT, `p50 ${fmt(from, 1)} → ${fmt(to, 1)} ms (${fmt(growth)}×)${caveat}`));
      }
    }
    row.verdicts = verdicts;
  }
  return scenarios.flatMap((row) => (row.verdicts ?? []).filter((v) => !v.met).map((v) => ({ row, verdict: v })));
}
