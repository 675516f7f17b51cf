/**
 * What /proc tells about the processes under load: resident memory (peak) and CPU time, so a
 * row can say where the time went (server, PostgreSQL, the load generator, or nowhere).
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

function statusField(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size now, in MiB. */
export const rssMb = (pid: number) => (statusField(pid, "VmRSS") ?? 0) / 1024;

/** Peak resident set size since start or the last resetPeakRss, in MiB. */
export const peakRssMb = (pid: number) => (statusField(pid, "VmHWM") ?? 0) / 1024;

/** Restarts the kernel's peak-RSS count of a process (clear_refs 5); harmless where not allowed. */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // not our process, or /proc is read-only here: the sampled peak still counts
  }
}

/** CPU seconds (user + system) a process has used, threads included. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine, all cores. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** Pids of processes whose command name starts with a prefix (the PostgreSQL backends). */
export function pidsNamed(prefix: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").startsWith(prefix)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Samples the RSS of some processes every 100 ms and keeps each one's peak (with the kernel's VmHWM). */
export class RssWatch {
  private readonly peaks = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: number[]) {
    for (const pid of pids) resetPeakRss(pid);
    this.timer = setInterval(() => this.sample(), 100);
    this.sample();
  }

  private sample(): void {
    for (const pid of this.pids) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, rssMb(pid)));
  }

  /** Peak of each process, in MiB. */
  stop(): Map<number, number> {
    clearInterval(this.timer);
    this.sample();
    for (const pid of this.pids) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, peakRssMb(pid)));
    return this.peaks;
  }
}

export interface CpuShares {
  /** Percent of one core, over the window. */
  server: number;
  postgres: number;
  load: number;
  /** Everything else on the machine (another job, PostgreSQL's background writers), percent of one core. */
  other: number;
  /** Percent of the whole machine (all cores). */
  machine: number;
  /** PostgreSQL parallel workers seen on the bench database during the window (a query scanning in parallel). */
  parallelWorkers: number;
}

export interface Backend {
  pid: number;
  parallel: boolean;
}

/** Which PostgreSQL backends work for the bench (those connected to its database); set once by main. */
let postgresBackends: () => Promise<Backend[]> = async () => pidsNamed("postgres").map((pid) => ({ pid, parallel: false }));
export const countPostgresBackends = (backends: () => Promise<Backend[]>) => void (postgresBackends = backends);

const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuSeconds(pid), 0);

/**
 * CPU used by each party between start and end of a measurement window. PostgreSQL backends are
 * listed every 200 ms, so short-lived parallel workers are counted too (to within a sample).
 */
export class CpuWindow {
  /** CPU seconds of each backend when first seen (0 when born in the window) and when last seen. */
  private readonly backends = new Map<number, { first: number; last: number }>();
  private readonly parallel = new Set<number>();
  private readonly sampler: NodeJS.Timeout;
  private sampling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly serverPids: number[],
    private readonly started: number,
    private readonly machine: { busy: number; total: number },
    private readonly server: number,
    initial: Backend[],
  ) {
    for (const b of initial) {
      const cpu = cpuSeconds(b.pid);
      this.backends.set(b.pid, { first: cpu, last: cpu });
      if (b.parallel) this.parallel.add(b.pid);
    }
    this.sampler = setInterval(() => void (this.sampling = this.sample()), 200);
  }

  private async sample(): Promise<void> {
    for (const b of await postgresBackends()) {
      const cpu = cpuSeconds(b.pid);
      const known = this.backends.get(b.pid);
      if (known) known.last = Math.max(known.last, cpu);
      else this.backends.set(b.pid, { first: 0, last: cpu });
      if (b.parallel) this.parallel.add(b.pid);
    }
  }

  static async start(serverPids: number[]): Promise<CpuWindow> {
    const backends = await postgresBackends();
    return new CpuWindow(serverPids, performance.now(), machineCpuSeconds(), sum(serverPids), backends);
  }

  /** loadCpuSeconds: what the load generator reported for the same window. */
  async end(loadCpuSeconds: number): Promise<CpuShares> {
    clearInterval(this.sampler);
    await this.sampling;
    await this.sample();
    const seconds = (performance.now() - this.started) / 1000;
    const machine = machineCpuSeconds();
    const server = sum(this.serverPids) - this.server;
    const postgres = [...this.backends.values()].reduce((total, b) => total + b.last - b.first, 0);
    const busy = machine.busy - this.machine.busy;
    const pct = (cpu: number) => Math.max(0, Math.round((100 * cpu) / seconds));
    const machinePct = machine.total - this.machine.total > 0 ? (100 * busy) / (machine.total - this.machine.total) : 0;
    return {
      server: pct(server),
      postgres: pct(postgres),
      load: pct(loadCpuSeconds),
      other: pct(busy - server - postgres - loadCpuSeconds),
      machine: Math.round(machinePct),
      parallelWorkers: this.parallel.size,
    };
  }
}

/**
 * Waits until the processes are idle (under 5% of a core for half a second): a server may still
 * be working off requests the load left queued (argon2 jobs in the thread pool), which would
 * otherwise be charged to the next scenario. Returns the seconds it took.
 */
export async function settle(pids: number[], limitSeconds = 120): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = sum(pids);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (sum(pids) - before < 0.025 * Math.max(1, pids.length)) break;
    if (performance.now() - started > limitSeconds * 1000) break;
  }
  return (performance.now() - started) / 1000;
}

/**
 * On a shared machine: waits up to `limitSeconds` for a second in which processes other than
 * `ours` used under `threshold` percent of a core. Returns whether it found one.
 */
export async function waitForQuiet(ours: number[], limitSeconds: number, threshold = 30): Promise<boolean> {
  const deadline = performance.now() + limitSeconds * 1000;
  while (performance.now() < deadline) {
    const [machine, own] = [machineCpuSeconds(), sum(ours)];
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const other = machineCpuSeconds().busy - machine.busy - (sum(ours) - own);
    if (other * 100 < threshold) return true;
  }
  return false;
}
