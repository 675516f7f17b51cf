/**
 * Galaxy's internal session API: the list of a random seeded user's sessions and one session by
 * id under load; the unpaginated list of a user with 10,000 sessions with one client; and one
 * revoke-all and one block of a fresh user with 10,000 sessions, each timed and then checked in
 * SQL (all 10,000 revoked, by a single transaction: one distinct xmin among the revoked rows).
 */
import { BASELINE_OF } from "../baselines/index.js";
import { seededUserId } from "../db/ids.js";
import { seedHeavyUser } from "../db/seed.js";
import type { Row } from "../report/rows.js";
import { ACTOR, sampleIndexes } from "./fixtures.js";
import { settle } from "../process/proc-stats.js";
import { allServerPids, isSelected, runLoaded, type BenchContext } from "./context.js";
import { filled } from "../load/load-spec.js";

export const HEAVY_SESSIONS = 10_000;
const BASE = "/api/v1/internal";

function seedContext(ctx: BenchContext) {
  return { sql: ctx.db.sql, realmId: ctx.realmId, passwordHash: "", epochMs: 0 };
}

/** Calls timed per size; the row shows the median (one call alone is at the mercy of a checkpoint or autovacuum). */
const CALLS = 3;

interface Call {
  ms: number;
  status: number;
  affected: number;
  revoked: number;
  active: number;
  transactions: number;
  reply: string;
}

async function revokeOnce(ctx: BenchContext, id: string, path: string, body: (userId: string) => unknown, n: number): Promise<Call> {
  const server = ctx.servers.owasp;
  const userId = await seedHeavyUser(seedContext(ctx), `heavy-${id.split(".")[1]}-${ctx.seeded}-${Date.now()}-${n}`, HEAVY_SESSIONS);
  await ctx.db.sql`analyze sessions`;
  await settle(allServerPids(ctx));
  const started = performance.now();
  const res = await fetch(server.internalUrl + path.replace(":user", userId), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body(userId)),
  });
  const reply = await res.text();
  const ms = performance.now() - started;
  const [check] = await ctx.db.sql<{ active: number; revoked: number; transactions: number }[]>`
    select count(*) filter (where status = 'active')::int as active,
           count(*) filter (where status = 'revoked')::int as revoked,
           count(distinct xmin::text) filter (where status = 'revoked')::int as transactions
    from sessions where user_id = ${userId}`;
  let affected = 0;
  try {
    affected = (JSON.parse(reply) as { affected_session_count?: number }).affected_session_count ?? 0;
  } catch {
    // not JSON: the status tells
  }
  return { ms, status: res.status, affected, ...check!, reply };
}

async function timedRevocation(ctx: BenchContext, id: string, title: string, path: string, body: (userId: string) => unknown): Promise<void> {
  const server = ctx.servers.owasp;
  server.takeErrors();
  const calls: Call[] = [];
  for (let n = 0; n < CALLS; n++) calls.push(await revokeOnce(ctx, id, path, body, n));
  const sorted = [...calls].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const failed = calls.filter((c) => c.status >= 300);
  // The checks must hold for every call, so the row keeps the worst of each.
  const row: Row = {
    id,
    title,
    kind: "scenario",
    size: ctx.seeded,
    connections: 1,
    callMs: median.ms,
    errors: failed.length,
    serverErrors: server.takeErrors().length,
    details: {
      calls: calls.length,
      slowestMs: Math.round(sorted.at(-1)!.ms),
      affected: Math.min(...calls.map((c) => c.affected)),
      revoked: Math.min(...calls.map((c) => c.revoked)),
      active: Math.max(...calls.map((c) => c.active)),
      transactions: Math.max(...calls.map((c) => c.transactions)),
    },
    ...(failed[0] ? { sampleError: `${failed[0].status} ${failed[0].reply.slice(0, 300)}` } : {}),
  };
  console.log(
    `  ${id.padEnd(34)} ${median.ms.toFixed(0).padStart(7)} ms median of ${calls.length} calls (${calls.map((c) => c.ms.toFixed(0)).join(", ")})  ` +
      `statuses ${calls.map((c) => c.status).join(",")}  revoked ${row.details!.revoked}/${HEAVY_SESSIONS}, ${row.details!.transactions} transaction(s) per call`,
  );
  ctx.rows.push(row);
}

export async function runGalaxy(ctx: BenchContext): Promise<void> {
  const server = ctx.servers.owasp;
  const common = { url: server.internalUrl, pids: [server.pid], servers: [server] };
  const userIds = sampleIndexes(1_000, ctx.seeded).map(seededUserId);

  if (isSelected(ctx, "galaxy.list")) {
    const request = { method: "GET" as const, path: `${BASE}/users/{{value}}/sessions` };
    ctx.samples.push({ id: "galaxy.list", listener: "internal", requests: [filled(request, userIds[0]!), filled(request, userIds[1]!)] });
    await runLoaded(ctx, { ...common, id: "galaxy.list", title: "Galaxy GET /users/{id}/sessions", request, rotate: userIds, baselineId: BASELINE_OF["galaxy.list"] });
  }

  if (isSelected(ctx, "galaxy.get")) {
    const sessionIds = (await ctx.db.sql<{ id: string }[]>`select id from sessions where user_id = any(${ctx.db.sql.array(userIds)}::uuid[])`).map((r) => r.id);
    const request = { method: "GET" as const, path: `${BASE}/sessions/{{value}}` };
    ctx.samples.push({ id: "galaxy.get", listener: "internal", requests: [filled(request, sessionIds[0]!), filled(request, sessionIds[1]!)] });
    await runLoaded(ctx, { ...common, id: "galaxy.get", title: "Galaxy GET /sessions/{id}", request, rotate: sessionIds, baselineId: BASELINE_OF["galaxy.get"] });
  }

  if (isSelected(ctx, "galaxy.list-10k")) {
    ctx.heavyListUserId ??= await seedHeavyUser(seedContext(ctx), `heavy-list-${Date.now()}`, HEAVY_SESSIONS);
    const request = { method: "GET" as const, path: `${BASE}/users/${ctx.heavyListUserId}/sessions` };
    ctx.samples.push({ id: "galaxy.list-10k", listener: "internal", requests: [request, request] });
    await runLoaded(ctx, { ...common, id: "galaxy.list-10k", title: "Galaxy list of a user with 10,000 sessions", request, connections: 1 });
  }

  const actorBody = { reason_code: "bench", actor: ACTOR };
  // Statement counts of revoke-all and block, on users of their own with three sessions (the count does not depend on how many).
  const post = (path: string, body: unknown) => ({ method: "POST" as const, path, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const spare = async (n: number) => Promise.all(Array.from({ length: n }, (_, i) => seedHeavyUser(seedContext(ctx), `statements-${ctx.seeded}-${Date.now()}-${i}`, 3)));
  if (isSelected(ctx, "galaxy.revoke-all-10k")) {
    ctx.samples.push({ id: "galaxy.revoke-all-10k", listener: "internal", requests: (await spare(2)).map((u) => post(`${BASE}/users/${u}/sessions/revoke-all`, actorBody)) });
  }
  if (isSelected(ctx, "galaxy.block-10k")) {
    ctx.samples.push({ id: "galaxy.block-10k", listener: "internal", requests: (await spare(2)).map((u) => post(`${BASE}/user-blocks`, { user_id: u, ...actorBody })) });
  }
  if (isSelected(ctx, "galaxy.revoke-all-10k")) {
    await timedRevocation(ctx, "galaxy.revoke-all-10k", "Galaxy revoke-all, user with 10,000 sessions", `${BASE}/users/:user/sessions/revoke-all`, () => actorBody);
  }
  if (isSelected(ctx, "galaxy.block-10k")) {
    await timedRevocation(ctx, "galaxy.block-10k", "Galaxy block, user with 10,000 sessions", `${BASE}/user-blocks`, (userId) => ({ user_id: userId, ...actorBody }));
  }
}
