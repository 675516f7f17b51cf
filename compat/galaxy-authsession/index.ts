import { defineContract } from "#compat/kit/index.js";
import { documents } from "./documents.js";
import { errors, invalidRequest } from "./errors.js";
import { routes } from "./routes.js";

/** Galaxy's trusted internal session API (galaxy-authsession.openapi.yaml), on the internal listener only. */
export const galaxyAuthsession = defineContract({
  name: "galaxy-authsession",
  listener: "internal",
  basePath: "/api/v1/internal",
  documents,
  invalidRequest,
  errors,
  routes,
});
