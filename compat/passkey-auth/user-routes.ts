import type { Request } from "express";
import { reply, route, type Reply, type RouteDefinition } from "#compat/kit/index.js";
import { clearedCookie } from "./cookie.js";
import type { GraphAccount, PasskeyDocument } from "./documents.js";
import { detail, refusal, unauthorized } from "./errors.js";
import { credentialParams, displayNameBody, isSessionId, resetQuery, sessionParams } from "./schemas.js";
import { cookieSessionOf } from "./session-principal.js";
import { userInfoBody } from "./user-info.js";

/** The request's live session, or the 401 that answers its absence. */
function signedIn(req: Request): Reply | { sessionId: string; userId: string; credentialId: string | null; host: string | null } {
  const found = cookieSessionOf(req);
  if (found.state === "none") return unauthorized("Authentication Required");
  if (found.state === "invalid") return refusal(found.failure);
  return found.session;
}

const isReply = (value: object): value is Reply => "status" in value;

/** Deployed clients call these both at /auth/api/{name} and at /auth/api/user/{name}. */
const bothForms = (path: string) => [path, `/user${path}`];

export const userRoutes: RouteDefinition<PasskeyDocument>[] = [
  route({
    method: "post",
    path: "/user-info",
    query: resetQuery,
    async handle({ query }, graph, req) {
      if (query.reset !== undefined) {
        const { passkeyResetLink: link } = await graph.run<{ passkeyResetLink: { kind: string; userId: string; userName: string } }>("resetLink", { passphrase: query.reset });
        return reply(200, { authenticated: false, session_type: link.kind, user: { user_uuid: link.userId, user_name: link.userName } });
      }
      const session = signedIn(req);
      if (isReply(session)) return session;
      const { passkeyAccount } = await graph.run<{ passkeyAccount: GraphAccount }>("account");
      return reply(200, userInfoBody(passkeyAccount, session));
    },
  }),
  ...bothForms("/create-link").map((path) =>
    route({
      method: "post",
      path,
      async handle(_input, graph, req) {
        const session = signedIn(req);
        if (isReply(session)) return session;
        const { createPasskeyLink: link } = await graph.run<{ createPasskeyLink: { url: string; expiresAt: string } }>("createLink");
        return reply(200, { message: "Registration link generated successfully", url: link.url, expires: link.expiresAt });
      },
    }),
  ),
  ...bothForms("/credential/:id").map((path) =>
    route({
      method: "delete",
      path,
      params: credentialParams,
      async handle({ params }, graph, req) {
        const session = signedIn(req);
        if (isReply(session)) return session;
        await graph.run("deletePasskey", { id: params.id });
        return reply(200, { message: "Credential deleted successfully" });
      },
    }),
  ),
  ...bothForms("/session/:id").map((path) =>
    route({
      method: "delete",
      path,
      params: sessionParams,
      async handle({ params }, graph, req) {
        const session = signedIn(req);
        if (isReply(session)) return session;
        if (!isSessionId(params.id)) return detail(400, "Invalid session identifier");
        const { endPasskeySession } = await graph.run<{ endPasskeySession: { currentSessionTerminated: boolean } }>("endSession", { id: params.id });
        const current = endPasskeySession.currentSessionTerminated;
        return reply(200, { status: "ok", current_session_terminated: current }, current ? { "set-cookie": clearedCookie } : undefined);
      },
    }),
  ),
  ...bothForms("/logout-all").map((path) =>
    route({
      method: "post",
      path,
      async handle(_input, graph, req) {
        const found = cookieSessionOf(req);
        if (found.state === "none") return reply(200, { message: "Already logged out" });
        if (found.state === "invalid") return refusal(found.failure);
        await graph.run("logoutAll", { userId: found.session.userId });
        return reply(200, { message: "Logged out from all hosts" }, { "set-cookie": clearedCookie });
      },
    }),
  ),
  ...bothForms("/display-name").map((path) =>
    route({
      method: "put",
      path,
      body: displayNameBody,
      async handle({ body }, graph, req) {
        const session = signedIn(req);
        if (isReply(session)) return session;
        await graph.run("setDisplayName", { displayName: body.display_name });
        return reply(200, { status: "ok" });
      },
    }),
  ),
];

