/**
 * The OIDC realm paths under load: userinfo and introspection with tokens of random seeded
 * users (minted by real password grants, rotated per request), the refresh grant with rotation
 * and reuse detection on (each response's refresh token feeds a later request, each token used
 * once), and the password grant of accounts made through the API at both argon2id profiles.
 */
import { HASH_PROFILES } from "../cli/options.js";
import { seededUsername } from "../db/seed.js";
import { BASELINE_OF } from "../baselines/index.js";
import { basicAuth, LOGIN_PASSWORD, mintTokens, PROTOCOL, sampleIndexes, type TokenPair } from "./fixtures.js";
import { isSelected, runLoaded, SLOW_HASH, type BenchContext, type Profile } from "./context.js";
import { filled } from "../load/load-spec.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** Tokens of `count` random seeded users, each from a password grant of its own. */
export function seededTokens(ctx: BenchContext, count: number): Promise<TokenPair[]> {
  return mintTokens(ctx.servers.owasp, sampleIndexes(count, ctx.seeded).map((i) => ({ username: seededUsername(i), password: ctx.seedPassword })));
}

export async function runOidc(ctx: BenchContext, userinfoTokens: TokenPair[]): Promise<void> {
  const server = ctx.servers.owasp;
  const common = { url: server.publicUrl, pids: [server.pid], servers: [server] };
  const accessTokens = userinfoTokens.map((t) => t.accessToken);

  if (isSelected(ctx, "oidc.userinfo")) {
    const request = { method: "GET" as const, path: `${PROTOCOL}/userinfo`, headers: { authorization: "Bearer {{value}}" } };
    ctx.samples.push({ id: "oidc.userinfo", listener: "public", requests: [filled(request, accessTokens[0]!), filled(request, accessTokens[1]!)] });
    await runLoaded(ctx, { ...common, id: "oidc.userinfo", title: "OIDC userinfo", request, rotate: accessTokens, baselineId: BASELINE_OF["oidc.userinfo"] });
  }

  if (isSelected(ctx, "oidc.introspection")) {
    const { clientId, clientSecret } = ctx.introspector;
    const request = { method: "POST" as const, path: `${PROTOCOL}/token/introspect`, headers: { ...FORM, authorization: basicAuth(clientId, clientSecret) }, body: "token={{value}}" };
    ctx.samples.push({ id: "oidc.introspection", listener: "public", requests: [filled(request, accessTokens[0]!), filled(request, accessTokens[1]!)] });
    await runLoaded(ctx, { ...common, id: "oidc.introspection", title: "OIDC token introspection (confidential client)", request, rotate: accessTokens, baselineId: BASELINE_OF["oidc.introspection"] });
  }

  if (isSelected(ctx, "oidc.refresh")) {
    // Each run (warm-up, measurement) may strand one token per connection in flight when it stops.
    const pairs = await seededTokens(ctx, ctx.options.connections * 3 + 2);
    const pool = pairs.map((p) => p.refreshToken);
    const [first, second] = [pool.pop()!, pool.pop()!];
    const request = { method: "POST" as const, path: `${PROTOCOL}/token`, headers: FORM, body: "grant_type=refresh_token&client_id=app&refresh_token={{value}}" };
    ctx.samples.push({ id: "oidc.refresh", listener: "public", requests: [filled(request, first), filled(request, second)] });
    await runLoaded(ctx, {
      ...common,
      id: "oidc.refresh",
      title: "OIDC refresh grant (rotation, reuse detection)",
      request,
      chain: { pool, field: "refresh_token" },
      baselineId: BASELINE_OF["oidc.refresh"],
    });
  }

  for (const profile of ["owasp", "production"] as Profile[]) {
    const id = `oidc.password-${profile}`;
    if (!isSelected(ctx, id)) continue;
    const target = ctx.servers[profile];
    const request = {
      method: "POST" as const,
      path: `${PROTOCOL}/token`,
      headers: FORM,
      body: `grant_type=password&client_id=app&scope=openid%20profile%20email&username=login-${profile}-{{value}}&password=${LOGIN_PASSWORD}`,
    };
    ctx.samples.push({ id, listener: "public", requests: [filled(request, "0"), filled(request, "1")] });
    await runLoaded(ctx, {
      id,
      title: `OIDC password grant (${HASH_PROFILES[profile].name})`,
      url: target.publicUrl,
      pids: [target.pid],
      servers: [target],
      request,
      rotate: ctx.logins[profile].map((_, i) => String(i)),
      baselineId: BASELINE_OF[id],
      ...(profile === "production" ? SLOW_HASH : {}),
    });
  }
}
