import type { IncomingMessage } from "node:http";
import accepts from "accepts";
import { reply, route, type RouteDefinition } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";
import { clearedCookie, sessionCookie } from "./cookie.js";
import type { PasskeyDocument } from "./documents.js";
import { detail, refusal, unauthorized } from "./errors.js";
import { holdsAll } from "#src/services/orgs/index.js";
import { restrictedPage } from "./restricted-page.js";
import { permQuery } from "./schemas.js";
import { cookieSessionOf, type CookieSession } from "./session-principal.js";

const NO_COOKIE = "Authentication required";

/** Whether a failed forward answers a program (JSON) rather than a browser (the HTML page); express's req.accepts, on node:http. */
const wantsJson = (req: IncomingMessage) => accepts(req).type(["html", "json"]) === "json";

/** The session's refusal, or the missing permission, as validate and forward both judge it. */
function verdict(found: CookieSession, wanted: string[]): { status: number; message: string } | undefined {
  if (found.state === "none") return { status: 401, message: NO_COOKIE };
  if (found.state === "invalid") return { status: refusal(found.failure).status, message: found.failure.message };
  return holdsAll(found.session.permissions, wanted) ? undefined : { status: 403, message: "Permission required" };
}

/**
 * A name as a header value: its UTF-8 bytes as they are (obs-text, which proxies pass through and
 * applications decode as UTF-8); control characters, which no header may hold, become spaces.
 */
const headerText = (text: string | null | undefined) => Buffer.from((text ?? "").replace(/[\u0000-\u001f\u007f]/g, " "), "utf8").toString("latin1");

/** What a reverse proxy passes on to the application it protects. */
function remoteHeaders(found: Extract<CookieSession, { state: "valid" }>): Record<string, string> {
  const { session } = found;
  return {
    "Remote-User": session.userId,
    "Remote-Name": headerText(session.userName),
    "Remote-Org": session.org?.id ?? "",
    "Remote-Org-Name": headerText(session.org?.name),
    "Remote-Role": session.role?.id ?? "",
    "Remote-Role-Name": headerText(session.role?.name),
    "Remote-Groups": session.permissions.join(","),
    "Remote-Session-Expires": session.expiresAt.toISOString(),
    "Remote-Credential": session.credentialId ?? "",
  };
}

/** validate, forward, set-session, logout and settings: the paths every host serves. */
export function sessionRoutes(config: Config): RouteDefinition<PasskeyDocument>[] {
  const signInUrl = config.authHost ? `https://${config.authHost}/` : "/auth/";
  return [
    route({
      method: "post",
      path: "/validate",
      lean: true,
      query: permQuery,
      async handle({ query }, graph, req) {
        const found = cookieSessionOf(req);
        const refused = verdict(found, query.perm);
        if (refused) return refused.status === 401 ? unauthorized(refused.message) : detail(refused.status, refused.message);
        if (found.state !== "valid") return unauthorized(NO_COOKIE);
        // Renewal writes at most once per five minutes of a session; every other call is the one lookup.
        if (!found.renewalDue) return reply(200, { valid: true, user_uuid: found.session.userId, renewed: false });
        const { renewPasskeySession } = await graph.run<{ renewPasskeySession: { renewed: boolean } }>("renew");
        const headers = renewPasskeySession.renewed ? { "set-cookie": sessionCookie(found.token) } : undefined;
        return reply(200, { valid: true, user_uuid: found.session.userId, renewed: renewPasskeySession.renewed }, headers);
      },
    }),
    route({
      method: "get",
      path: "/forward",
      lean: true,
      query: permQuery,
      // Never renews, never runs GraphQL: the one indexed lookup of the principal decides.
      async handle({ query }, _graph, req) {
        const found = cookieSessionOf(req);
        const refused = verdict(found, query.perm);
        if (!refused && found.state === "valid") return reply(204, undefined, remoteHeaders(found));
        const status = refused?.status ?? 401;
        const message = refused?.message ?? NO_COOKIE;
        const clear: Record<string, string> = status === 401 ? { "set-cookie": clearedCookie } : {};
        if (wantsJson(req)) return detail(status, message, clear);
        return reply(status, restrictedPage(status === 403 ? 403 : 401, message, signInUrl), { ...clear, "content-type": "text/html; charset=utf-8" });
      },
    }),
    route({
      method: "post",
      path: "/set-session",
      async handle(_input, _graph, req) {
        const found = cookieSessionOf(req);
        if (found.state === "none") return detail(403, "Not authenticated");
        if (found.state === "invalid") return refusal(found.failure);
        return reply(200, { message: "Session cookie set successfully", user_uuid: found.session.userId }, { "set-cookie": sessionCookie(found.token) });
      },
    }),
    route({
      method: "post",
      path: "/logout",
      async handle(_input, graph, req) {
        const found = cookieSessionOf(req);
        if (found.state !== "valid") return reply(200, { message: "Already logged out" });
        await graph.run("endSession", { id: found.session.sessionId });
        return reply(200, { message: "Logged out successfully" }, { "set-cookie": clearedCookie });
      },
    }),
    route({
      method: "get",
      path: "/settings",
      async handle() {
        return reply(200, { rp_id: config.rpId, rp_name: config.rpName, ui_base_path: config.authHost ? "/" : "/auth/", auth_host: config.authHost ?? null });
      },
    }),
  ];
}
