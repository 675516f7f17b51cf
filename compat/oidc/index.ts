import { defineContract } from "#compat/kit/index.js";
import { anonymous } from "#src/services/access/index.js";
import { documents } from "./documents.js";
import { errors, invalidRequest } from "./errors.js";
import { realmRoutes } from "./realm-routes.js";
import { tokenRoutes } from "./token-routes.js";

/**
 * Keycloak's realm protocol (lacpass-auth.openapi.yaml plus discovery, JWKS, introspection and
 * revocation) on the public listener. Callers are anonymous: client credentials and tokens
 * travel in the documents' inputs and the rules in services/oidc judge them.
 */
export const oidc = defineContract({
  name: "oidc",
  listener: "public",
  basePath: "/realms",
  bodyFormat: "form",
  documents,
  invalidRequest,
  errors,
  principal: async () => anonymous,
  routes: [...tokenRoutes, ...realmRoutes],
});
