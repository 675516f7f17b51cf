/**
 * How throughput scales: userinfo through a round-robin TCP proxy (its own process) in front of
 * one instance, then in front of two instances on the same PostgreSQL. On a 2-core machine that
 * also runs PostgreSQL, the proxy and the load, the second instance mostly competes for the
 * same cores: the row shows the cost of coordination as much as the gain.
 */
import { HASH_PROFILES } from "../cli/options.js";
import { forkChild } from "../process/children.js";
import type { ProxyInput } from "../server/proxy.js";
import { startServerProcess, type ServerProcess } from "../server/server-process.js";
import { isSelected, runLoaded, type BenchContext } from "./context.js";
import { PROTOCOL, type TokenPair } from "./fixtures.js";

async function throughProxy(ctx: BenchContext, id: string, title: string, instances: ServerProcess[], tokens: string[], baselineId?: string): Promise<void> {
  const backends = instances.map((s) => ({ host: "127.0.0.1", port: Number(new URL(s.publicUrl).port) }));
  const proxy = forkChild<ProxyInput, { port: number }>("server/proxy.ts", { backends });
  try {
    const { port } = await proxy.reply;
    await runLoaded(ctx, {
      id,
      title,
      url: `http://127.0.0.1:${port}`,
      pids: instances.map((s) => s.pid),
      servers: instances,
      request: { method: "GET", path: `${PROTOCOL}/userinfo`, headers: { authorization: "Bearer {{value}}" } },
      rotate: tokens,
      ...(baselineId ? { baselineId } : {}),
    });
  } finally {
    await proxy.stop();
  }
}

export async function runScaleOut(ctx: BenchContext, userinfoTokens: TokenPair[]): Promise<void> {
  if (!isSelected(ctx, "scale.userinfo")) return;
  const tokens = userinfoTokens.map((t) => t.accessToken);
  await throughProxy(ctx, "scale.userinfo-1-instance", "userinfo via proxy, 1 instance", [ctx.servers.owasp], tokens);
  const second = await startServerProcess({ databaseUrl: ctx.db.url, hash: HASH_PROFILES.owasp, cpuProf: ctx.options.cpuProf, label: "owasp-2", env: ctx.options.serverEnv });
  try {
    await throughProxy(ctx, "scale.userinfo-2-instances", "userinfo via proxy, 2 instances", [ctx.servers.owasp, second], tokens, "scale.userinfo-1-instance");
  } finally {
    await second.stop();
  }
}
