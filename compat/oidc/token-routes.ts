import type { IncomingMessage } from "node:http";
import { reply, route, type Graph, type Reply, type RouteDefinition } from "#compat/kit/index.js";
import type { GraphIntrospection, GraphTokenSet, OidcDocument } from "./documents.js";
import { duplicatedParameter, missingGrantType, NO_STORE, notAForm, unsupportedGrantType } from "./errors.js";
import { clientCredentials, formOf, realmParams, type Form } from "./form.js";

const PROTOCOL = "/:realm/protocol/openid-connect";
type Realm = { realm: string };

/** Keycloak's AccessTokenResponse; id_token only when the scope has openid. */
function tokenResponse(t: GraphTokenSet): Reply {
  return reply(
    200,
    {
      access_token: t.accessToken,
      expires_in: t.expiresIn,
      refresh_expires_in: t.refreshExpiresIn,
      refresh_token: t.refreshToken,
      token_type: t.tokenType,
      ...(t.idToken ? { id_token: t.idToken } : {}),
      "not-before-policy": t.notBeforePolicy,
      session_state: t.sessionState,
      scope: t.scope,
    },
    NO_STORE,
  );
}

/**
 * Keycloak checks duplicated parameters after client authentication: a request with both a bad
 * client and a duplicate gets the client's error. Runs only on that error path.
 */
async function refuseDuplicates(form: Form, req: IncomingMessage, graph: Graph<OidcDocument>, realm: string): Promise<Reply> {
  await graph.run("authenticateClient", { input: { realm, ...clientCredentials(req, form) } });
  return duplicatedParameter;
}

/** The form-encoded routes of one realm: token, logout, introspection and revocation. */
function formRoute(path: string, handle: (form: Form, realm: string, graph: Graph<OidcDocument>, req: IncomingMessage) => Promise<Reply>): RouteDefinition<OidcDocument> {
  return route<OidcDocument, Realm>({
    method: "post",
    path: PROTOCOL + path,
    params: realmParams,
    lean: true,
    async handle({ params }, graph, req) {
      const form = formOf(req);
      if (!form) return notAForm;
      return handle(form, params.realm, graph, req);
    },
  });
}

const GRANTS = { password: "passwordGrant", refresh_token: "refreshGrant" } as const;

export const tokenRoutes: RouteDefinition<OidcDocument>[] = [
  formRoute("/token", async (form, realm, graph, req) => {
    const grantType = form.first("grant_type");
    if (grantType === undefined || !Object.hasOwn(GRANTS, grantType)) {
      // The realm is checked first: an unknown realm is a 404 whatever the form holds.
      await graph.run("discovery", { realm });
      return grantType === undefined ? missingGrantType : unsupportedGrantType;
    }
    if (form.duplicated) return refuseDuplicates(form, req, graph, realm);
    const client = { realm, ...clientCredentials(req, form), scope: form.first("scope") ?? null };
    const input =
      grantType === "password"
        ? { ...client, username: form.first("username") ?? null, password: form.first("password") ?? null }
        : { ...client, refreshToken: form.first("refresh_token") ?? null };
    const document = GRANTS[grantType as keyof typeof GRANTS];
    const result = await graph.run<Record<string, GraphTokenSet>>(document, { input });
    return tokenResponse(result[document]!);
  }),
  formRoute("/logout", async (form, realm, graph, req) => {
    if (form.duplicated) return refuseDuplicates(form, req, graph, realm);
    await graph.run("logout", { input: { realm, ...clientCredentials(req, form), refreshToken: form.first("refresh_token") ?? null } });
    return reply(204, undefined, NO_STORE);
  }),
  formRoute("/token/introspect", async (form, realm, graph, req) => {
    if (form.duplicated) return refuseDuplicates(form, req, graph, realm);
    const input = { realm, ...clientCredentials(req, form), token: form.first("token") ?? null, tokenTypeHint: form.first("token_type_hint") ?? null };
    const { introspectToken: result } = await graph.run<{ introspectToken: GraphIntrospection }>("introspect", { input });
    const body = result.active ? { ...result.claims, client_id: result.clientId, username: result.username, token_type: result.tokenType, active: true } : { active: false };
    return reply(200, body, NO_STORE);
  }),
  formRoute("/revoke", async (form, realm, graph, req) => {
    if (form.duplicated) return refuseDuplicates(form, req, graph, realm);
    const input = { realm, ...clientCredentials(req, form), token: form.first("token") ?? null, tokenTypeHint: form.first("token_type_hint") ?? null };
    await graph.run("revoke", { input });
    return reply(200, undefined, NO_STORE);
  }),
];
