import { SIGNING_ALGORITHM } from "../tokens/index.js";
import { issuerFor } from "./issuer.js";
import { SUPPORTED_SCOPES } from "./scopes.js";

/**
 * OpenID Provider metadata, at Keycloak's paths. There is no authorization endpoint (the
 * contract has no browser flow), so no response type is offered.
 */
export function openIdConfiguration(publicUrl: string, realmName: string): Record<string, unknown> {
  const issuer = issuerFor(publicUrl, realmName);
  const protocol = `${issuer}/protocol/openid-connect`;
  const clientAuth = ["client_secret_basic", "client_secret_post"];
  return {
    issuer,
    token_endpoint: `${protocol}/token`,
    introspection_endpoint: `${protocol}/token/introspect`,
    userinfo_endpoint: `${protocol}/userinfo`,
    end_session_endpoint: `${protocol}/logout`,
    revocation_endpoint: `${protocol}/revoke`,
    jwks_uri: `${protocol}/certs`,
    grant_types_supported: ["password", "refresh_token"],
    response_types_supported: [],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
    token_endpoint_auth_methods_supported: clientAuth,
    introspection_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint_auth_methods_supported: clientAuth,
    scopes_supported: SUPPORTED_SCOPES,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "name", "given_name", "family_name", "preferred_username", "email", "email_verified", "locale", "document_type", "identifier"],
  };
}
