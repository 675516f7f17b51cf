/**
 * The auth-service ticket checks under load (issue 15): who-am-i (the refreshId cookie alone, on
 * the public listener) and internal authenticate (access token and cookie, on the internal
 * listener), with tickets of random seeded users from real logins through `POST
 * /system/auth/login`, rotated per request. Each check reads the session row every time.
 */
import { BASELINE_OF } from "../baselines/index.js";
import { seededUsername } from "../db/seed.js";
import { filled } from "../load/load-spec.js";
import type { ServerProcess } from "../server/server-process.js";
import { isSelected, runLoaded, type BenchContext } from "./context.js";
import { sampleIndexes } from "./fixtures.js";

/** As many tickets as the userinfo row has tokens: each fresh token is signed once and reused for a minute (access-tokens.ts). */
const TICKETS = 256;

/** A ticket's two JWTs: the Authentication header's and the refreshId cookie's. */
type Ticket = [accessJwt: string, cookieJwt: string];

/** Logins through the contract, a few at a time; each opens a browser session of its own. */
async function loginTickets(server: ServerProcess, logins: { username: string; password: string }[], parallel = 8): Promise<Ticket[]> {
  const tickets: Ticket[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < logins.length) {
        const { username, password } = logins[next++]!;
        const res = await fetch(`${server.publicUrl}/system/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username, password }),
        });
        const body = await res.text();
        const access = /^bearer (\S+)$/.exec(res.headers.get("authentication") ?? "")?.[1];
        const cookie = res.headers.getSetCookie().map((c) => /^refreshId=bearer%20([^;]+);/.exec(c)?.[1]).find(Boolean);
        if (!res.ok || !access || !cookie) throw new Error(`auth-service login of ${username}: ${res.status} ${body}`);
        tickets.push([access, cookie]);
      }
    }),
  );
  return tickets;
}

export async function runAuthService(ctx: BenchContext): Promise<void> {
  if (!isSelected(ctx, "auth.who-am-i") && !isSelected(ctx, "auth.authenticate")) return;
  const server = ctx.servers.owasp;
  const tickets = await loginTickets(server, sampleIndexes(TICKETS, ctx.seeded).map((i) => ({ username: seededUsername(i), password: ctx.seedPassword })));
  const common = { pids: [server.pid], servers: [server] };

  if (isSelected(ctx, "auth.who-am-i")) {
    // What a browser sends: the cookie, no body.
    const request = { method: "POST" as const, path: "/system/auth/who-am-i", headers: { cookie: "refreshId=bearer%20{{value}}" } };
    const cookies = tickets.map(([, cookie]) => cookie);
    ctx.samples.push({ id: "auth.who-am-i", listener: "public", requests: [filled(request, cookies[0]!), filled(request, cookies[1]!)] });
    await runLoaded(ctx, { ...common, id: "auth.who-am-i", title: "auth-service POST /system/auth/who-am-i", url: server.publicUrl, request, rotate: cookies, baselineId: BASELINE_OF["auth.who-am-i"] });
  }

  if (isSelected(ctx, "auth.authenticate")) {
    // What a service sends on its user's behalf: the whole ticket, no body.
    const request = { method: "POST" as const, path: "/internal/auth/api/authenticate", headers: { authentication: "bearer {{value.0}}", cookie: "refreshId=bearer%20{{value.1}}" } };
    ctx.samples.push({ id: "auth.authenticate", listener: "internal", requests: [filled(request, tickets[0]!), filled(request, tickets[1]!)] });
    await runLoaded(ctx, {
      ...common,
      id: "auth.authenticate",
      title: "auth-service POST /internal/auth/api/authenticate",
      url: server.internalUrl,
      request,
      rotate: tickets,
      baselineId: BASELINE_OF["auth.authenticate"],
    });
  }
}
