/** ID Broker `POST /authentication` of accounts made through the API, at both argon2id profiles. */
import { BASELINE_OF } from "../baselines/index.js";
import { HASH_PROFILES } from "../cli/options.js";
import { KEYS } from "../server/server-process.js";
import { isSelected, runLoaded, SLOW_HASH, type BenchContext, type Profile } from "./context.js";
import { filled } from "../load/load-spec.js";
import { LOGIN_PASSWORD } from "./fixtures.js";

export async function runBroker(ctx: BenchContext): Promise<void> {
  for (const profile of ["owasp", "production"] as Profile[]) {
    const id = `broker.authentication-${profile}`;
    if (!isSelected(ctx, id)) continue;
    const server = ctx.servers[profile];
    const request = {
      method: "POST" as const,
      path: "/authentication",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.broker}` },
      body: JSON.stringify({ username: `login-${profile}-{{value}}`, password: LOGIN_PASSWORD }),
    };
    ctx.samples.push({ id, listener: "public", requests: [filled(request, "0"), filled(request, "1")] });
    await runLoaded(ctx, {
      id,
      title: `ID Broker POST /authentication (${HASH_PROFILES[profile].name})`,
      url: server.publicUrl,
      pids: [server.pid],
      servers: [server],
      request,
      rotate: ctx.logins[profile].map((_, i) => String(i)),
      baselineId: BASELINE_OF[id],
      ...(profile === "production" ? SLOW_HASH : {}),
    });
  }
}
