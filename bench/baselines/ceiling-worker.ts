/**
 * Ceilings of the two cryptographic steps the server cannot do without, measured alone in a
 * process of their own: argon2id verification (through libuv's thread pool, as the server's
 * `argon2` package does it, with as many verifications in flight as the load has connections)
 * and jose's RS256 verification of a token like the server's.
 */
import argon2 from "argon2";
import { generateKeyPair, jwtVerify, SignJWT } from "jose";
import { serveParent, tellParent } from "../process/children.js";

export type CeilingInput =
  | { kind: "argon2"; memoryKib: number; timeCost: number; concurrency: number; seconds: number; warmupSeconds: number }
  | { kind: "jose"; concurrency: number; seconds: number; warmupSeconds: number };

export interface CeilingResult {
  opsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  cpuSeconds: number;
  peakRssMb: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `concurrency` loops of op for `seconds`; latencies in ms. */
async function loop(op: () => Promise<unknown>, concurrency: number, seconds: number): Promise<number[]> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await op();
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

async function operation(input: CeilingInput): Promise<() => Promise<unknown>> {
  if (input.kind === "argon2") {
    // The server's hashSecret: argon2id, parallelism 4, at the configured memory and time cost.
    const hash = await argon2.hash("correct horse battery staple", { type: argon2.argon2id, memoryCost: input.memoryKib, timeCost: input.timeCost, parallelism: 4 });
    return async () => {
      if (!(await argon2.verify(hash, "correct horse battery staple"))) throw new Error("argon2 verify failed");
    };
  }
  const { publicKey, privateKey } = await generateKeyPair("RS256", { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ typ: "Bearer", azp: "app", sid: crypto.randomUUID(), scope: "openid profile email" })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "bench" })
    .setIssuer("http://bench.local/realms/master")
    .setSubject(crypto.randomUUID())
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
  return () => jwtVerify(token, publicKey, { algorithms: ["RS256"], issuer: "http://bench.local/realms/master" });
}

serveParent<CeilingInput, CeilingResult>(async (input) => {
  const op = await operation(input);
  await loop(op, input.concurrency, input.warmupSeconds);
  tellParent("measure");
  const cpu = process.cpuUsage();
  const started = performance.now();
  const latencies = await loop(op, input.concurrency, input.seconds);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  return {
    type: "result",
    value: {
      opsPerSecond: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      total: latencies.length,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    },
  };
});
