import type { ServiceDeps } from "../deps/index.js";
import type { Actor } from "../access/index.js";
import { createClientService } from "../clients/index.js";
import { createPasswordService } from "../passwords/index.js";
import { dummyPasswordHash } from "../passwords/hashing.js";
import { createRateLimitService } from "../rate-limits/index.js";
import { createRealmService } from "../realms/index.js";
import { createTokenService } from "../tokens/index.js";
import { createUserService } from "../users/index.js";
import { authenticateToken } from "./access-token.js";
import { authenticateClient, type ClientCredentials } from "./client-auth.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { openIdConfiguration } from "./discovery.js";
import { introspect, type TokenInput } from "./introspection.js";
import { logout, type LogoutInput } from "./logout.js";
import { passwordGrant, type PasswordGrantInput } from "./password-grant.js";
import { refreshGrant, type RefreshGrantInput } from "./refresh-grant.js";
import { revokeToken } from "./revocation.js";
import { userInfo } from "./userinfo.js";

/** The realm protocol (Keycloak's OpenID Connect surface): grants, logout, userinfo, introspection, revocation, keys. */
export function createOidcService(deps: ServiceDeps) {
  // Hash the stand-in password now: the first login of an unknown user must not take longer than the others.
  dummyPasswordHash().catch(() => undefined);
  const tokens = createTokenService(deps);
  const ctx: OidcContext = {
    db: deps.db,
    clock: deps.clock,
    get publicUrl(): string {
      if (!deps.config) throw new Error("the OIDC service needs the server configuration (PUBLIC_URL)");
      return deps.config.publicUrl;
    },
    realms: createRealmService(deps),
    clients: createClientService(deps),
    users: createUserService(deps),
    passwords: createPasswordService(deps),
    tokens,
    rateLimits: createRateLimitService(deps),
  };

  return {
    passwordGrant: (input: PasswordGrantInput) => passwordGrant(ctx, input),
    refreshGrant: (input: RefreshGrantInput) => refreshGrant(ctx, input),
    logout: (input: LogoutInput) => logout(ctx, input),
    userInfo: (realm: string, accessToken: string | null | undefined) => userInfo(ctx, realm, accessToken),
    introspect: (input: TokenInput) => introspect(ctx, input),
    revoke: (input: TokenInput) => revokeToken(ctx, input),
    async authenticateClient(realmName: string, credentials: ClientCredentials) {
      return authenticateClient(ctx.clients, await protocolRealm(ctx, realmName), credentials);
    },
    /** A bearer access token of any realm of this server (the GraphQL principal). */
    authenticateAccessToken: (token: string) => authenticateToken(ctx, undefined, token),
    async discovery(realmName: string) {
      const realm = await protocolRealm(ctx, realmName);
      return openIdConfiguration(ctx.publicUrl, realm.name);
    },
    async jwks(realmName: string) {
      return tokens.jwks((await protocolRealm(ctx, realmName)).id);
    },
    /** Generates the realm's first key if it has none and checks SECRETS_KEY opens the active one. */
    prepareSigningKeys: (realmId: string) => tokens.prepare(realmId),
    async signingKeys(realmId: string) {
      return tokens.list(realmId);
    },
    async rotateSigningKeys(realmName: string, actor: Actor) {
      const realm = await ctx.realms.require(realmName);
      await tokens.rotate(realm, actor);
      return tokens.list(realm.id);
    },
  };
}

export type OidcService = ReturnType<typeof createOidcService>;
