/**
 * The heaviest functions of a CPU profile by self time, and the packages they belong to, for a
 * terminal without DevTools: `npx tsx bench/profiling/summary.ts bench/profiles/<file>.cpuprofile [N]`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: Frame;
}

const where = (url: string) => url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "").replace(/^.*\/work\/main\//, "");
const packageOf = (frame: Frame) => {
  if (!frame.url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const inModules = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inModules) return inModules[1]!;
  if (frame.url.startsWith("node:")) return "node";
  return "(this server)";
};

export function summarize(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    const micros = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === "(idle)") return;
    busy += micros;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url ? `${where(frame.url)}:${frame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + micros);
  });
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / busy).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  return `${file}: ${(busy / 1000).toFixed(0)} ms busy on the main thread\n by self time:\n${list(byFunction, top)}\n by package:\n${list(byPackage, 10)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  if (!file) throw new Error("usage: npx tsx bench/profiling/summary.ts <file.cpuprofile> [top]");
  console.log(summarize(file, n ? Number(n) : 15));
}
