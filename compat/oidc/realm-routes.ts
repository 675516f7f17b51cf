import { reply, route, type Graph, type RouteDefinition } from "#compat/kit/index.js";
import type { GraphUserInfo, OidcDocument } from "./documents.js";
import { bearerToken, realmParams } from "./form.js";

type Realm = { realm: string };

/** The claims with their OIDC names; absent values are left out, as Keycloak does. */
function userInfoBody(info: GraphUserInfo): Record<string, unknown> {
  const claims = {
    sub: info.sub,
    name: info.name,
    given_name: info.givenName,
    family_name: info.familyName,
    preferred_username: info.preferredUsername,
    email: info.email,
    email_verified: info.emailVerified,
    locale: info.locale,
    document_type: info.documentType,
    identifier: info.identifier,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== null));
}

async function userInfo(realm: string, graph: Graph<OidcDocument>, accessToken: string | null) {
  const { oidcUserInfo } = await graph.run<{ oidcUserInfo: GraphUserInfo }>("userInfo", { realm, accessToken });
  return reply(200, userInfoBody(oidcUserInfo));
}

/** Discovery, keys and userinfo: what a realm publishes and what a bearer token reads. */
export const realmRoutes: RouteDefinition<OidcDocument>[] = [
  route<OidcDocument, Realm>({
    method: "get",
    path: "/:realm/.well-known/openid-configuration",
    params: realmParams,
    async handle({ params }, graph) {
      const { openIdConfiguration } = await graph.run<{ openIdConfiguration: Record<string, unknown> }>("discovery", { realm: params.realm });
      return reply(200, openIdConfiguration);
    },
  }),
  route<OidcDocument, Realm>({
    method: "get",
    path: "/:realm/protocol/openid-connect/certs",
    params: realmParams,
    async handle({ params }, graph) {
      const { jsonWebKeySet } = await graph.run<{ jsonWebKeySet: Record<string, unknown> }>("jwks", { realm: params.realm });
      return reply(200, jsonWebKeySet);
    },
  }),
  // Keycloak serves userinfo on GET and POST alike; the token comes from the Authorization header.
  ...(["get", "post"] as const).map((method) =>
    route<OidcDocument, Realm>({
      method,
      path: "/:realm/protocol/openid-connect/userinfo",
      params: realmParams,
      ...(method === "get" ? { lean: true as const } : {}),
      handle: ({ params }, graph, req) => userInfo(params.realm, graph, bearerToken(req)),
    }),
  ),
];
