import { route, type RouteDefinition } from "#compat/kit/index.js";
import { ok } from "./envelope.js";
import { hashBody, isEqualsBody } from "./schemas.js";
import { freshTokenHeaders, ticketOf } from "./ticket.js";

/**
 * POST /internal/auth/api/authenticate (and the deployed /internal/auth/authenticate): the principal
 * hook checked the ticket. Lean: other services call it on every request they serve.
 */
export const authenticateRoutes: RouteDefinition<never>[] = ["/api/authenticate", "/authenticate"].map((path) =>
  route({
    method: "post",
    path,
    lean: true,
    async handle(_input, _graph, req) {
      const { session } = ticketOf(req);
      return ok({ userId: session.numericId, sessionId: session.sessionId }, freshTokenHeaders(req));
    },
  }),
);

/** POST /internal/auth/hash and /internal/auth/is-equals, for the services that store hashes themselves. */
export const hashRoutes: RouteDefinition<"hash" | "isEquals">[] = [
  route({
    method: "post",
    path: "/hash",
    body: hashBody,
    async handle({ body }, graph) {
      const { hashValue } = await graph.run<{ hashValue: string }>("hash", { value: body.toHash });
      return ok({ hash: hashValue });
    },
  }),
  route({
    method: "post",
    path: "/is-equals",
    body: isEqualsBody,
    async handle({ body }, graph) {
      const { valueMatchesHash } = await graph.run<{ valueMatchesHash: boolean }>("isEquals", { value: body.toHash, hash: body.toCompare });
      return ok({ isEquals: valueMatchesHash });
    },
  }),
];
