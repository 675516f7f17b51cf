/** One line of the results table: a baseline, a scenario at a size, or a verdict on several. */
import type { CpuShares } from "../process/proc-stats.js";

export interface Verdict {
  /** The target as issue 14 words it. */
  target: string;
  met: boolean;
  /** What the numbers show (the measured value against the target, and where the CPU went). */
  shows: string;
  /** Why it was missed, when someone has found out (report/causes.ts). */
  cause?: string;
}

export interface Row {
  id: string;
  title: string;
  kind: "baseline" | "scenario" | "summary";
  /** Users seeded when measured. */
  size?: number;
  connections?: number;
  rps?: number;
  p50?: number;
  p99?: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  errors?: number;
  /** Peak RSS of the process(es) under test, MiB. */
  rssMb?: number;
  /** The baseline row this one is compared with, and the ratio of req/s. */
  baselineId?: string;
  ratio?: number;
  cpu?: CpuShares;
  /** SQL statements one request runs (see scenarios/count-statements.ts). */
  statements?: number;
  /** Time of one call, for the rows that time a single call (revoke-all, block). */
  callMs?: number;
  /** Lines the server logged at error level during the row. */
  serverErrors?: number;
  sampleError?: string;
  /** Row-specific facts a target needs (sessions revoked, transactions seen). */
  details?: Record<string, number>;
  note?: string;
  /** The targets this row is judged by (report/targets.ts). */
  verdicts?: Verdict[];
}
