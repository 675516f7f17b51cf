import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { UserInfoClaims } from "#src/services/oidc/index.js";
import type { GraphQLContext } from "../context/index.js";
import { ClientCredentialsInput, OidcLogoutInput, PasswordGrantInput, RefreshGrantInput, TokenInput } from "../inputs/oidc.input.js";
import { Client } from "../types/client.type.js";
import { OidcLogoutResult, OidcUserInfo, TokenIntrospection, TokenSet } from "../types/oidc.type.js";
import { JSONObject } from "../types/scalars.js";

const realmOf = (ctx: GraphQLContext, realm: string | null | undefined) => realm ?? ctx.defaultRealm;

function toUserInfo(claims: UserInfoClaims): OidcUserInfo {
  return {
    sub: claims.sub,
    name: claims.name ?? null,
    givenName: claims.given_name ?? null,
    familyName: claims.family_name ?? null,
    preferredUsername: claims.preferred_username,
    email: claims.email ?? null,
    emailVerified: claims.email_verified,
    locale: claims.locale ?? null,
    documentType: claims.document_type ?? null,
    identifier: claims.identifier ?? null,
  };
}

/**
 * The realm protocol (what Keycloak serves under /realms/{realm}/protocol/openid-connect) as
 * operations. Open to anonymous callers by design: the client credentials and tokens in the
 * input are the authorisation, checked by the rules in services/oidc.
 */
@Resolver()
export class OidcResolver {
  @Mutation(() => TokenSet, { description: "Resource owner password grant: opens a token session" })
  passwordGrant(@Arg("input", () => PasswordGrantInput) input: PasswordGrantInput, @Ctx() ctx: GraphQLContext): Promise<TokenSet> {
    return ctx.services.oidc.passwordGrant({ ...input, realm: realmOf(ctx, input.realm), ip: ctx.client.ip, userAgent: ctx.client.userAgent });
  }

  @Mutation(() => TokenSet, { description: "Refresh grant: extends the session; reuse beyond the realm's limit ends it" })
  refreshGrant(@Arg("input", () => RefreshGrantInput) input: RefreshGrantInput, @Ctx() ctx: GraphQLContext): Promise<TokenSet> {
    return ctx.services.oidc.refreshGrant({ ...input, realm: realmOf(ctx, input.realm) });
  }

  @Mutation(() => OidcLogoutResult, { description: "Ends the session of a refresh token; its tokens stop working at once" })
  oidcLogout(@Arg("input", () => OidcLogoutInput) input: OidcLogoutInput, @Ctx() ctx: GraphQLContext): Promise<OidcLogoutResult> {
    return ctx.services.oidc.logout({ ...input, realm: realmOf(ctx, input.realm) });
  }

  @Mutation(() => Boolean, { description: "RFC 7009: ends the token's session; true when a session was ended (an invalid token is not an error)" })
  revokeToken(@Arg("input", () => TokenInput) input: TokenInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.oidc.revoke({ ...input, realm: realmOf(ctx, input.realm) });
  }

  @Query(() => TokenIntrospection, { description: "RFC 7662, for confidential clients" })
  introspectToken(@Arg("input", () => TokenInput) input: TokenInput, @Ctx() ctx: GraphQLContext): Promise<TokenIntrospection> {
    return ctx.services.oidc.introspect({ ...input, realm: realmOf(ctx, input.realm) });
  }

  @Query(() => OidcUserInfo, { description: "The claims of a live access token with the openid scope" })
  async oidcUserInfo(
    @Arg("accessToken", () => String, { nullable: true }) accessToken: string | null,
    @Ctx() ctx: GraphQLContext,
    @Arg("realm", () => String, { nullable: true }) realm?: string | null,
  ): Promise<OidcUserInfo> {
    return toUserInfo(await ctx.services.oidc.userInfo(realmOf(ctx, realm), accessToken));
  }

  @Query(() => Client, { description: "Checks a client's credentials against the realm" })
  authenticateClient(@Arg("input", () => ClientCredentialsInput) input: ClientCredentialsInput, @Ctx() ctx: GraphQLContext): Promise<Client> {
    return ctx.services.oidc.authenticateClient(realmOf(ctx, input.realm), input);
  }

  @Query(() => JSONObject, { description: "OpenID Provider metadata of a realm (.well-known/openid-configuration)" })
  openIdConfiguration(@Ctx() ctx: GraphQLContext, @Arg("realm", () => String, { nullable: true }) realm?: string | null): Promise<Record<string, unknown>> {
    return ctx.services.oidc.discovery(realmOf(ctx, realm));
  }

  @Query(() => JSONObject, { description: "The realm's public signing keys (JWKS)" })
  jsonWebKeySet(@Ctx() ctx: GraphQLContext, @Arg("realm", () => String, { nullable: true }) realm?: string | null): Promise<Record<string, unknown>> {
    return ctx.services.oidc.jwks(realmOf(ctx, realm));
  }
}
