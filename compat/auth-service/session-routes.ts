import type { Request } from "express";
import { route, type Graph, type Reply, type RouteDefinition } from "#compat/kit/index.js";
import type { CookieJar } from "./cookies.js";
import type { AuthServiceDocument, GraphSessionPage } from "./documents.js";
import { ok } from "./envelope.js";
import { sessionIdBody } from "./schemas.js";
import { freshTokenHeaders, ticketOf } from "./ticket.js";

export type SessionDocument = Extract<AuthServiceDocument, "revokeSession" | "revokeOtherSessions" | "listSessions">;
type Method = "get" | "post" | "delete";
type Handle = (body: unknown, graph: Graph<SessionDocument>, req: Request) => Promise<Reply>;

/**
 * One operation under both forms: the document's `api/` paths and the deployed `secure/` ones (the
 * deployed clear-session-by-id is a POST where the document has a DELETE).
 */
function bothForms(name: string, methods: { api: Method; secure: Method }, handle: Handle, body?: typeof sessionIdBody): RouteDefinition<SessionDocument>[] {
  return (["api", "secure"] as const).map((form) =>
    route<SessionDocument, unknown, unknown, unknown>({ method: methods[form], path: `/${form}/${name}`, body, handle: ({ body: parsed }, graph, req) => handle(parsed, graph, req) }),
  );
}

/** Every session of the caller's user still active, across pages. */
async function activeSessionIds(graph: Graph<SessionDocument>, userId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { userSessions: page }: { userSessions: GraphSessionPage } = await graph.run("listSessions", { userId, after });
    ids.push(...page.nodes.map((node) => node.id));
    if (!page.hasNextPage) return ids;
    after = page.endCursor;
  }
}

/**
 * The routes behind the ticket (the principal hook has checked it: the caller is the ticket's user).
 * Sessions are ended through the graph, with a reason code and the user as the actor, and only the
 * caller's own: the graph refuses another user's session (the deployed service did not).
 */
export function sessionRoutes(cookies: CookieJar): RouteDefinition<SessionDocument>[] {
  const own = (req: Request) => ticketOf(req).session;
  const revokeOthers: Handle = async (_body, graph, req) => {
    const { userId, sessionId } = own(req);
    await graph.run("revokeOtherSessions", { userId, keep: sessionId, reasonCode: "clear_other_sessions" });
    return ok({}, freshTokenHeaders(req));
  };
  return [
    ...bothForms("logout", { api: "post", secure: "post" }, async (_body, graph, req) => {
      await graph.run("revokeSession", { id: own(req).sessionId, reasonCode: "logout" });
      return ok({}, { ...freshTokenHeaders(req), "Set-Cookie": cookies.clear() });
    }),
    ...bothForms(
      "clear-session-by-id",
      { api: "delete", secure: "post" },
      async (body, graph, req) => {
        const { sessionId } = body as { sessionId: string };
        await graph.run("revokeSession", { id: sessionId, reasonCode: "clear_session_by_id" });
        // Ending one's own current session is a logout: the cookie goes too.
        const clear: Record<string, string> = sessionId === own(req).sessionId ? { "Set-Cookie": cookies.clear() } : {};
        return ok({}, { ...freshTokenHeaders(req), ...clear });
      },
      sessionIdBody,
    ),
    ...bothForms("clear-all-sessions-except-themselves", { api: "post", secure: "post" }, revokeOthers),
    // The document's comment spells this path without the second "s"; its clients may call either.
    route<SessionDocument>({ method: "post", path: "/api/clear-all-session-except-themselves", handle: (_input, graph, req) => revokeOthers(undefined, graph, req) }),
    ...bothForms("list-sessions", { api: "get", secure: "get" }, async (_body, graph, req) =>
      ok({ sessions: await activeSessionIds(graph, own(req).userId) }, freshTokenHeaders(req)),
    ),
  ];
}
