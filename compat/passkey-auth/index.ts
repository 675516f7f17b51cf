import type { IncomingMessage } from "node:http";
import { defineContract } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";
import type { Services } from "#src/services/index.js";
import { changesState, createOriginCheck, type OriginCheck } from "#src/services/origins/index.js";
import { adminRoutes } from "./admin-routes.js";
import { sessionCookieOf } from "./cookie.js";
import { documents } from "./documents.js";
import { detail, errors, refusal } from "./errors.js";
import { cookiePrincipal } from "./session-principal.js";

/** A change made with the session cookie must come from an allowed page (cross-site request forgery). */
const originChecked = (origins: OriginCheck) => async (req: IncomingMessage, services: Services) => {
  const refused = changesState(req.method) && sessionCookieOf(req) !== undefined ? origins.refusal(req) : undefined;
  return refused ? refusal(refused) : cookiePrincipal(req, services);
};
import { sessionRoutes } from "./session-routes.js";
import { userRoutes } from "./user-routes.js";

/** The passkey contract's REST paths (passkey-auth.API.md) under /auth/api on the public listener. */
export const passkeyAuth = (config: Config) =>
  defineContract({
    name: "passkey-auth",
    listener: "public",
    basePath: "/auth/api",
    documents,
    invalidRequest: (message, status) => detail(status, message),
    errors,
    principal: originChecked(createOriginCheck(config)),
    notFound: detail(404, "Not Found"),
    routes: [...sessionRoutes(config), ...userRoutes, ...adminRoutes],
  });

export { authHostRouting, isUiPath } from "./host-routing.js";
export { servePasskeySockets } from "./ws/index.js";
