/**
 * Runs one load in a forked worker against some target processes and adds what only the
 * parent can see: the targets' peak RSS over warm-up and measurement, and where the CPU went
 * during the measured run.
 */
import { forkChild } from "../process/children.js";
import { CpuWindow, RssWatch, settle, waitForQuiet, type CpuShares } from "../process/proc-stats.js";
import { nowMicros } from "../profiling/crop.js";
import type { LoadResult, LoadSpec } from "./load-spec.js";

export interface Measurement extends LoadResult {
  /** Highest peak RSS among the target processes, MiB. */
  rssMb: number;
  cpu: CpuShares;
  /** Seconds the targets kept working after the load stopped (requests left queued). */
  drainSeconds: number;
  /** The measured run, in monotonic microseconds (for cutting CPU profiles). */
  window: { from: number; to: number };
}

/** `busyPids`: every process that must be idle before the load starts and after it ends (all server instances). */
export async function measureLoad(spec: LoadSpec, targetPids: number[], busyPids: number[] = targetPids, waitQuietSeconds = 0): Promise<Measurement> {
  await settle(busyPids);
  if (waitQuietSeconds > 0 && !(await waitForQuiet(busyPids, waitQuietSeconds))) console.log(`    (the machine stayed busy with other work for ${waitQuietSeconds} s; measuring anyway)`);
  const rss = new RssWatch(targetPids);
  let window: Promise<CpuWindow> | undefined;
  let from = nowMicros();
  const worker = forkChild<LoadSpec, LoadResult>("load/load-worker.ts", spec, {
    onEvent: (event) => {
      if (event !== "measure") return;
      from = nowMicros();
      window = CpuWindow.start(targetPids);
    },
  });
  try {
    const result = await worker.reply;
    const to = nowMicros();
    const cpu = await (await (window ?? CpuWindow.start(targetPids))).end(result.cpuSeconds);
    const peaks = rss.stop();
    const drainSeconds = await settle(busyPids);
    return { ...result, rssMb: Math.max(0, ...peaks.values()), cpu, drainSeconds, window: { from, to } };
  } finally {
    rss.stop();
    await worker.stop();
  }
}
