/**
 * The passkey contract's forward auth under load (issue 16): `GET /auth/api/forward`, as a
 * reverse proxy's auth_request sends it, with the `__Host-auth` cookies of passkey sessions of
 * random seeded users, rotated per request. The sessions are seeded in SQL (a browser session and
 * its passkey row, bound to the host the load connects to), since a WebAuthn ceremony per user
 * would only slow the set-up; every request still reads its session, user, org, role and permissions.
 */
import { createHash, randomBytes } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { BASELINE_OF } from "../baselines/index.js";
import { seededUserId } from "../db/ids.js";
import { filled } from "../load/load-spec.js";
import { isSelected, runLoaded, type BenchContext } from "./context.js";
import { sampleIndexes } from "./fixtures.js";

const SESSIONS = 256;

/** Cookie tokens of new passkey sessions: 16 URL-safe characters, stored as their SHA-256, as src/services/passkeys/session-token.ts makes them. */
async function seedPasskeySessions(ctx: BenchContext, host: string): Promise<string[]> {
  const rows = sampleIndexes(SESSIONS, ctx.seeded).map((i) => ({ id: uuidv7(), userId: seededUserId(i), token: randomBytes(12).toString("base64url") }));
  await ctx.db.sql`
    insert into sessions (id, realm_id, user_id, kind, status, created_at, last_access_at, expires_at)
    select id, ${ctx.realmId}, user_id, 'browser', 'active', now(), now(), now() + interval '1 day'
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.userId)}::uuid[]) as t(id, user_id)`;
  await ctx.db.sql`
    insert into passkey_sessions (session_id, token_hash, host)
    select id, token_hash, ${host} from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => createHash("sha256").update(r.token).digest("base64url"))}::text[]) as t(id, token_hash)`;
  return rows.map((r) => r.token);
}

export async function runPasskey(ctx: BenchContext): Promise<void> {
  if (!isSelected(ctx, "passkey.forward")) return;
  const server = ctx.servers.owasp;
  const tokens = await seedPasskeySessions(ctx, new URL(server.publicUrl).host);
  const request = { method: "GET" as const, path: "/auth/api/forward", headers: { cookie: "__Host-auth={{value}}", accept: "application/json" } };
  ctx.samples.push({ id: "passkey.forward", listener: "public", requests: [filled(request, tokens[0]!), filled(request, tokens[1]!)] });
  await runLoaded(ctx, {
    pids: [server.pid],
    servers: [server],
    id: "passkey.forward",
    title: "passkey GET /auth/api/forward",
    url: server.publicUrl,
    request,
    rotate: tokens,
    baselineId: BASELINE_OF["passkey.forward"],
  });
}
