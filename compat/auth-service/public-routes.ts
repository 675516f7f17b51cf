import { route, type RouteDefinition } from "#compat/kit/index.js";
import { authenticationHeaders, type CookieJar } from "./cookies.js";
import type { GraphTicket } from "./documents.js";
import { ok } from "./envelope.js";
import { loginBody } from "./schemas.js";
import { freshTokenHeaders } from "./ticket.js";

/** POST /system/auth/login: a browser session in the graph, answered with the whole ticket. */
export const loginRoutes = (cookies: CookieJar): RouteDefinition<"login">[] => [
  route({
    method: "post",
    path: "/login",
    body: loginBody,
    async handle({ body }, graph) {
      const input = { username: body.username ?? null, password: body.password ?? null };
      const { authTicketLogin: ticket } = await graph.run<{ authTicketLogin: GraphTicket }>("login", { input });
      return ok({}, { ...authenticationHeaders(ticket.accessToken), "Set-Cookie": cookies.set(ticket.refreshToken) });
    },
  }),
];

/**
 * POST /system/auth/who-am-i: the principal hook checked the cookie; the answer carries the fresh
 * token. Lean: a ticket check per page load, whose own cost is one statement.
 */
export const whoAmIRoutes: RouteDefinition<never>[] = [
  route({
    method: "post",
    path: "/who-am-i",
    lean: true,
    handle: async (_input, _graph, req) => ok({}, freshTokenHeaders(req)),
  }),
];
