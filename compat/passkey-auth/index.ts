import { defineContract } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";
import { adminRoutes } from "./admin-routes.js";
import { documents } from "./documents.js";
import { detail, errors } from "./errors.js";
import { cookiePrincipal } from "./session-principal.js";
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
    principal: cookiePrincipal,
    notFound: detail(404, "Not Found"),
    routes: [...sessionRoutes(config), ...userRoutes, ...adminRoutes],
  });

export { authHostRouting, isUiPath } from "./host-routing.js";
export { servePasskeySockets } from "./ws/index.js";
