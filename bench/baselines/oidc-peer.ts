/**
 * The peer: oidc-provider with its default in-memory adapter (so it does no database work),
 * serving userinfo, introspection and a token endpoint for tokens minted through its own API.
 * Its refresh tokens rotate and a reused one revokes the grant, as the server's do.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { serveParent } from "../process/children.js";

export interface PeerInput {
  /** The claims userinfo answers with (those of a real server response, so the payloads match). */
  claims: Record<string, unknown>;
  tokens: number;
  refreshTokens: number;
}

export interface PeerReady {
  port: number;
  clientId: string;
  introspection: { clientId: string; clientSecret: string };
  accessTokens: string[];
  refreshTokens: string[];
}

const SCOPE = "openid profile email";
const INTROSPECTOR = { client_id: "resource-server", client_secret: "resource-server-secret-0123456789abcdef" };

serveParent<PeerInput, PeerReady>(async (input) => {
  const { sub: _sub, ...claims } = input.claims;
  const provider = new Provider("http://127.0.0.1", {
    clients: [
      { client_id: "app", token_endpoint_auth_method: "none", grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], redirect_uris: ["http://127.0.0.1/cb"] },
      { ...INTROSPECTOR, grant_types: [], response_types: [], redirect_uris: [] },
    ],
    claims: { openid: ["sub"], profile: ["name", "given_name", "family_name", "preferred_username", "locale"], email: ["email", "email_verified"] },
    scopes: ["openid", "offline_access", "profile", "email"],
    features: {
      // The default policy, spelt out (a confidential caller may introspect any token) so the library does not warn.
      introspection: { enabled: true, allowedPolicy: (ctx: { oidc: { client: { clientId: string } } }, caller: { clientAuthMethod: string }, token: { clientId: string }) => caller.clientAuthMethod !== "none" || token.clientId === ctx.oidc.client.clientId },
      devInteractions: { enabled: false },
    },
    rotateRefreshToken: true,
    ttl: { AccessToken: 3600, RefreshToken: 14 * 86400, Grant: 14 * 86400, IdToken: 3600 },
    findAccount: (_ctx: unknown, accountId: string) => ({ accountId, claims: () => ({ sub: accountId, ...claims }) }),
  });
  // oidc-provider logs every server error through events; the bench counts statuses instead.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider server_error", error));

  const client = await provider.Client.find("app");
  const mint = async (i: number, refresh: boolean) => {
    const accountId = `peer-user-${i}`;
    const grant = new provider.Grant({ accountId, clientId: "app" });
    grant.addOIDCScope(`${SCOPE} offline_access`);
    const grantId = await grant.save();
    const fields = { accountId, client, grantId, gty: "authorization_code" };
    return refresh
      ? new provider.RefreshToken({ ...fields, scope: `${SCOPE} offline_access`, iiat: Math.floor(Date.now() / 1000), authTime: Math.floor(Date.now() / 1000) }).save()
      : new provider.AccessToken({ ...fields, scope: SCOPE }).save();
  };
  const accessTokens = await Promise.all(Array.from({ length: input.tokens }, (_, i) => mint(i, false)));
  const refreshTokens = await Promise.all(Array.from({ length: input.refreshTokens }, (_, i) => mint(input.tokens + i, true)));

  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    type: "ready",
    value: {
      port: (server.address() as AddressInfo).port,
      clientId: "app",
      introspection: { clientId: INTROSPECTOR.client_id, clientSecret: INTROSPECTOR.client_secret },
      accessTokens,
      refreshTokens,
    },
  };
});
