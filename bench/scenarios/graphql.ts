/**
 * A GraphQL page of 100 users with their sessions, MFA options, recovery methods and password
 * dates: with one client (the latency target) and with the full load (throughput, for the record).
 */
import { KEYS } from "../server/server-process.js";
import { isSelected, runLoaded, type BenchContext } from "./context.js";
import { REALM } from "./fixtures.js";

export const USERS_PAGE = `query UsersPage($realm: String!) {
  users(realm: $realm, first: 100) { nodes {
    id username
    sessions { id status createdAt }
    mfa { active options { id type data } }
    recoveryMethods { uid value verified }
    password { createdAt expiresOn graceEndsOn }
  } }
}`;

export async function runGraphql(ctx: BenchContext): Promise<void> {
  const server = ctx.servers.owasp;
  const request = {
    method: "POST" as const,
    path: "/graphql",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.admin}` },
    body: JSON.stringify({ query: USERS_PAGE, variables: { realm: REALM } }),
  };
  const common = { url: server.publicUrl, pids: [server.pid], servers: [server], request };
  ctx.samples.push({ id: "graphql.users-page", listener: "public", requests: [request, request] });
  if (isSelected(ctx, "graphql.users-page")) {
    await runLoaded(ctx, { ...common, id: "graphql.users-page", title: "GraphQL page of 100 users (one client)", connections: 1 });
  }
  if (isSelected(ctx, "graphql.users-page-loaded")) {
    await runLoaded(ctx, { ...common, id: "graphql.users-page-loaded", title: "GraphQL page of 100 users (loaded)" });
  }
}
