/**
 * With --cpu-prof each server writes one V8 CPU profile of its whole life when it stops. This
 * cuts it into one profile per scenario, holding only the samples of that scenario's measured
 * run (V8 stamps samples with the same monotonic clock as process.hrtime), so a profile opened
 * in Chrome DevTools or speedscope shows that load and nothing else.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { benchFile } from "../process/children.js";

interface CpuProfile {
  nodes: { id: number; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileWindow {
  /** The server instance's label (its profile is CPU.<label>.*.cpuprofile). */
  label: string;
  name: string;
  /** Monotonic microseconds (process.hrtime). */
  from: number;
  to: number;
}

const windows: ProfileWindow[] = [];

export const nowMicros = () => Number(process.hrtime.bigint() / 1000n);

/** Remembers a measured run of a scenario on some server instances. */
export function markWindow(labels: string[], name: string, from: number, to: number): void {
  for (const label of labels) windows.push({ label, name, from, to });
}

function crop(profile: CpuProfile, from: number, to: number): CpuProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let t = profile.startTime;
  let last = from;
  const hits = new Map<number, number>();
  profile.samples.forEach((sample, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < from || t > to) return;
    samples.push(sample);
    timeDeltas.push(t - last);
    last = t;
    hits.set(sample, (hits.get(sample) ?? 0) + 1);
  });
  return { ...profile, nodes: profile.nodes.map((n) => ({ ...n, hitCount: hits.get(n.id) ?? 0 })), startTime: from, endTime: to, samples, timeDeltas };
}

/** Writes bench/profiles/<label>.<scenario>.cpuprofile for every window; returns the files written. */
export function cropProfiles(): string[] {
  const dir = benchFile("profiles");
  const files = readdirSync(dir);
  const written: string[] = [];
  for (const label of new Set(windows.map((w) => w.label))) {
    const file = files.filter((f) => f.startsWith(`CPU.${label}.`) && f.endsWith(".cpuprofile")).sort().at(-1);
    if (!file) continue;
    const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as CpuProfile;
    for (const w of windows.filter((x) => x.label === label)) {
      const out = `${label}.${w.name}.cpuprofile`;
      writeFileSync(`${dir}/${out}`, JSON.stringify(crop(profile, w.from, w.to)));
      written.push(`bench/profiles/${out}`);
    }
  }
  return written;
}
