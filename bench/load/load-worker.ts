/**
 * One scenario's load, in a process of its own: a single autocannon run whose first
 * `warmupSeconds` are warm-up and whose last `seconds` are measured. Keeping one run (rather than
 * a warm-up run, then another) means the measured window starts with the server's queues in
 * their steady state, not refilled from scratch (or still busy with the warm-up's abandoned
 * requests). Responses are counted by their completion time; latencies are exact (not the 1 ms
 * buckets of autocannon's histogram). Rotation and chaining happen in setupRequest/onResponse.
 */
import autocannon from "autocannon";
import { serveParent, tellParent } from "../process/children.js";
import { filled, type LoadResult, type LoadSpec, type Value } from "./load-spec.js";

function valueSource(spec: LoadSpec) {
  let next = 0;
  const pool = [...(spec.chain?.pool ?? [])];
  return {
    pool,
    take(): Value {
      if (spec.rotate) return spec.rotate[next++ % spec.rotate.length]!;
      if (spec.chain) return pool.shift() ?? "pool-ran-dry";
      return "";
    },
    give(status: number, body: string): void {
      if (!spec.chain || status !== 200) return;
      const successor = (JSON.parse(body) as Record<string, unknown>)[spec.chain.field];
      if (typeof successor === "string") pool.push(successor);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

serveParent<LoadSpec, LoadResult>(async (spec) => {
  const values = valueSource(spec);
  const { method, path, headers = {}, body } = spec.request;
  let sampleError: string | undefined;
  let measuring = false;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;

  const request: autocannon.Request = {
    method,
    path,
    headers,
    body,
    ...((spec.rotate || spec.chain) && {
      setupRequest: (req: autocannon.Request) => ({ ...req, ...filled(spec.request, values.take()) }),
    }),
    onResponse: (status: number, responseBody: string) => {
      if (measuring && status >= 300 && sampleError === undefined) sampleError = `${status} ${responseBody.slice(0, 300)}`;
      values.give(status, responseBody);
    },
  };

  let measureStarted = 0;
  let cpu = process.cpuUsage();
  const instance = autocannon({ url: spec.url, connections: spec.connections, duration: spec.warmupSeconds + spec.seconds, requests: [request], timeout: 60 });
  const startMeasuring = () => {
    measuring = true;
    measureStarted = performance.now();
    cpu = process.cpuUsage();
    tellParent("measure");
  };
  const timer = spec.warmupSeconds > 0 ? setTimeout(startMeasuring, spec.warmupSeconds * 1000) : undefined;
  if (!timer) startMeasuring();
  const tracker = instance as unknown as NodeJS.EventEmitter;
  tracker.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (!measuring) return;
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  tracker.on("reqError", () => {
    if (measuring) errors++;
  });
  await instance;
  clearTimeout(timer);
  const seconds = (performance.now() - measureStarted) / 1000;
  const used = process.cpuUsage(cpu);
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  latencies.sort((a, b) => a - b);
  return {
    type: "result",
    value: {
      rps: total / seconds,
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      mean: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : 0,
      total,
      non2xx: total - latencies.length,
      errors,
      statusCodes,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      ...(spec.chain ? { chainPool: values.pool } : {}),
      ...(sampleError ? { sampleError } : {}),
    },
  };
});
