/** The one results table, as aligned text for the terminal and as Markdown for results.md. */
import type { Row } from "./rows.js";

const COLUMNS = ["scenario", "users", "conns", "req/s", "p50 ms", "p99 ms", "errors", "RSS MB", "cpu srv/pg/load/other %", "SQL/req", "ratio", "vs", "verdict"] as const;

const n = (value: number | undefined, digits = 0) => (value === undefined ? "" : value.toFixed(digits));
const users = (size: number | undefined) => (size === undefined ? "" : size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1_000 ? `${size / 1_000}k` : String(size));
const latency = (ms: number | undefined) => (ms === undefined ? "" : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

function verdictCell(row: Row): string {
  const verdicts = row.verdicts ?? [];
  if (verdicts.length === 0) return "";
  const missed = verdicts.filter((v) => !v.met);
  return missed.length === 0 ? "met" : `MISSED ${missed.map((v) => v.target).join("; ")}`;
}

function cells(row: Row): string[] {
  return [
    row.id,
    users(row.size),
    n(row.connections),
    n(row.rps),
    row.callMs !== undefined ? `${row.callMs.toFixed(0)} (median call)` : latency(row.p50),
    latency(row.p99),
    n(row.errors),
    n(row.rssMb),
    row.cpu ? `${row.cpu.server}/${row.cpu.postgres}/${row.cpu.load}/${row.cpu.other}` : "",
    n(row.statements),
    n(row.ratio, 2),
    row.ratio !== undefined ? (row.baselineId ?? "") : "",
    verdictCell(row),
  ];
}

/** Rows in reading order: baselines, then each size's scenarios. */
export function ordered(rows: Row[]): Row[] {
  return [...rows.filter((r) => r.kind === "baseline"), ...rows.filter((r) => r.kind !== "baseline")];
}

export function textTable(rows: Row[]): string {
  const body = ordered(rows).map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => (i === 0 || i === values.length - 1 || i === 11 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(COLUMNS), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function markdownTable(rows: Row[]): string {
  const escape = (v: string) => v.replace(/\|/g, "\\|");
  return [`| ${COLUMNS.join(" | ")} |`, `|${COLUMNS.map((_, i) => (i === 0 || i >= 11 ? "---" : "---:")).join("|")}|`, ...ordered(rows).map((r) => `| ${cells(r).map(escape).join(" | ")} |`)].join("\n");
}
