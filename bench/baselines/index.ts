/**
 * Baselines, measured in the same run as the scenarios they judge, each in a process of its
 * own: node:http and express hello (same payload as userinfo), oidc-provider's userinfo,
 * introspection and token endpoint, the argon2id ceiling at both hash profiles, and jose's RS256.
 */
import { HASH_PROFILES } from "../cli/options.js";
import { forkChild } from "../process/children.js";
import { CpuWindow, settle } from "../process/proc-stats.js";
import type { Row } from "../report/rows.js";
import { allServerPids, isSelected, runLoaded, SLOW_HASH, type BenchContext } from "../scenarios/context.js";
import type { CeilingInput, CeilingResult } from "./ceiling-worker.js";
import type { HelloInput } from "./hello-server.js";
import type { PeerInput, PeerReady } from "./oidc-peer.js";

/** Which baseline each scenario is judged against (scenario id prefix → baseline id). */
export const BASELINE_OF: Record<string, string> = {
  "oidc.userinfo": "peer.userinfo",
  "oidc.introspection": "peer.introspection",
  "oidc.refresh": "peer.refresh",
  "oidc.password-owasp": "baseline.argon2-owasp",
  "oidc.password-production": "baseline.argon2-production",
  "broker.authentication-owasp": "baseline.argon2-owasp",
  "broker.authentication-production": "baseline.argon2-production",
  "galaxy.list": "baseline.express",
  "galaxy.get": "baseline.express",
  "auth.who-am-i": "baseline.express",
  "auth.authenticate": "baseline.express",
  "passkey.forward": "baseline.express",
};

/** Baselines the selected scenarios need (all of them on a full run). */
function wanted(ctx: BenchContext): Set<string> {
  if (ctx.options.only.length === 0) return new Set([...Object.values(BASELINE_OF), "baseline.node-http", "baseline.jose"]);
  return new Set(Object.entries(BASELINE_OF).filter(([scenario]) => isSelected(ctx, scenario)).map(([, baseline]) => baseline).concat(ctx.options.only.filter((o) => o.startsWith("baseline") || o.startsWith("peer"))));
}

async function hello(ctx: BenchContext, kind: HelloInput["kind"], payload: string): Promise<void> {
  const server = forkChild<HelloInput, { port: number }>("baselines/hello-server.ts", { kind, payload });
  try {
    const { port } = await server.reply;
    await runLoaded(ctx, { id: `baseline.${kind}`, title: `${kind === "express" ? "express" : "node:http"} hello (userinfo payload)`, kind: "baseline", url: `http://127.0.0.1:${port}`, pids: [server.pid], request: { method: "GET", path: "/" } });
  } finally {
    await server.stop();
  }
}

async function peer(ctx: BenchContext, claims: Record<string, unknown>, ids: Set<string>): Promise<void> {
  const tokens = 256;
  const refreshTokens = ctx.options.connections * 4;
  const child = forkChild<PeerInput, PeerReady>("baselines/oidc-peer.ts", { claims, tokens, refreshTokens });
  try {
    const p = await child.reply;
    const url = `http://127.0.0.1:${p.port}`;
    const base = { kind: "baseline" as const, url, pids: [child.pid] };
    const form = { "content-type": "application/x-www-form-urlencoded" };
    if (ids.has("peer.userinfo")) {
      await runLoaded(ctx, { ...base, id: "peer.userinfo", title: "oidc-provider userinfo", request: { method: "GET", path: "/me", headers: { authorization: "Bearer {{value}}" } }, rotate: p.accessTokens });
    }
    if (ids.has("peer.introspection")) {
      const basic = `Basic ${Buffer.from(`${p.introspection.clientId}:${p.introspection.clientSecret}`).toString("base64")}`;
      await runLoaded(ctx, { ...base, id: "peer.introspection", title: "oidc-provider introspection", request: { method: "POST", path: "/token/introspection", headers: { ...form, authorization: basic }, body: "token={{value}}" }, rotate: p.accessTokens });
    }
    if (ids.has("peer.refresh")) {
      await runLoaded(ctx, {
        ...base,
        id: "peer.refresh",
        title: "oidc-provider token endpoint (refresh, rotating)",
        request: { method: "POST", path: "/token", headers: form, body: `grant_type=refresh_token&client_id=${p.clientId}&refresh_token={{value}}` },
        chain: { pool: p.refreshTokens, field: "refresh_token" },
      });
    }
  } finally {
    await child.stop();
  }
}

async function ceiling(ctx: BenchContext, id: string, title: string, input: CeilingInput): Promise<void> {
  await settle(allServerPids(ctx));
  let window: Promise<CpuWindow> | undefined;
  const child = forkChild<CeilingInput, CeilingResult>("baselines/ceiling-worker.ts", input, { onEvent: () => (window = CpuWindow.start([child.pid])) });
  const result = await child.reply;
  const cpu = await (await (window ?? CpuWindow.start([]))).end(0);
  const row: Row = {
    id,
    title,
    kind: "baseline",
    connections: input.concurrency,
    rps: result.opsPerSecond,
    p50: result.p50,
    p99: result.p99,
    errors: 0,
    rssMb: result.peakRssMb,
    // The worker is the process under test here: its CPU is what the server column shows.
    cpu,
  };
  console.log(`  ${id.padEnd(34)} ${result.opsPerSecond.toFixed(0).padStart(7)} op/s   p50 ${result.p50.toFixed(1).padStart(7)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms  rss ${result.peakRssMb.toFixed(0).padStart(4)} MB`);
  ctx.rows.push(row);
}

/** Runs the baselines; `userinfo` is a real userinfo response of the server (its payload and claims). */
export async function runBaselines(ctx: BenchContext, userinfo: string): Promise<void> {
  const ids = wanted(ctx);
  const { seconds, warmupSeconds, connections } = ctx.options;
  if (ids.has("baseline.node-http")) await hello(ctx, "node-http", userinfo);
  if (ids.has("baseline.express")) await hello(ctx, "express", userinfo);
  if ([...ids].some((id) => id.startsWith("peer."))) await peer(ctx, JSON.parse(userinfo) as Record<string, unknown>, ids);
  for (const key of ["owasp", "production"] as const) {
    const id = `baseline.argon2-${key}`;
    const p = HASH_PROFILES[key];
    if (ids.has(id)) await ceiling(ctx, id, `argon2id verify ceiling (${p.name}, p4)`, { kind: "argon2", memoryKib: p.memoryKib, timeCost: p.timeCost, concurrency: connections, ...(key === "production" ? { seconds: Math.max(seconds, SLOW_HASH.minSeconds), warmupSeconds: Math.max(warmupSeconds, SLOW_HASH.minWarmupSeconds) } : { seconds, warmupSeconds }) });
  }
  if (ids.has("baseline.jose")) await ceiling(ctx, "baseline.jose", "jose RS256 verify ceiling", { kind: "jose", concurrency: connections, seconds, warmupSeconds });
}
