import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import { ceremonyOrigin, PasskeyErrorCode } from "#src/services/passkeys/index.js";
import type { GraphQLContext } from "../context/index.js";
import { JSONObject, PasskeyCeremonyResult } from "../types/index.js";

/**
 * The page's origin, which the browser's client data must name. Only origins on the RP id (or its
 * subdomains) are taken: a caller naming its own origin could otherwise relay a phished response.
 */
function originOf(ctx: GraphQLContext, origin: string): string {
  const accepted = ceremonyOrigin(origin, ctx.services.passkeys.settings.rpId);
  if (!accepted) throw new DomainError(PasskeyErrorCode.INVALID_HOST, `Origin must be https on ${ctx.services.passkeys.settings.rpId} or one of its subdomains`, { field: "origin" });
  return accepted;
}

/** A browser response arrives as an object; anything else cannot be one. */
function browserResponse<T>(value: Record<string, unknown>): T {
  if (typeof value.id !== "string" || typeof value.response !== "object" || value.response === null) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, "response must be the browser's PublicKeyCredential JSON", { field: "response" });
  }
  return value as T;
}

@Resolver()
export class PasskeyCeremonyResolver {
  @Mutation(() => JSONObject, {
    description:
      "Starts a passkey registration: for the holder of a reset link (resetToken), the calling user (adds a passkey), or else a new user named displayName. Returns PublicKeyCredentialCreationOptionsJSON; its challenge lives PASSKEY_CEREMONY_TIMEOUT_SECONDS on every instance",
  })
  async startPasskeyRegistration(
    @Ctx() ctx: GraphQLContext,
    @Arg("resetToken", () => String, { nullable: true }) resetToken?: string | null,
    @Arg("displayName", () => String, { nullable: true }) displayName?: string | null,
  ): Promise<object> {
    const { passkeys } = ctx.services;
    if (resetToken) return (await passkeys.startRegistration({ resetToken })).options;
    if (ctx.principal.kind === "user") return (await passkeys.startRegistration({ userId: ctx.principal.userId })).options;
    return (await passkeys.startRegistration({ displayName: displayName ?? "New user" })).options;
  }

  @Mutation(() => PasskeyCeremonyResult, { description: "Finishes a registration begun on any instance and opens a browser session" })
  async finishPasskeyRegistration(
    @Arg("response", () => JSONObject) response: Record<string, unknown>,
    @Arg("origin", () => String) origin: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PasskeyCeremonyResult> {
    const result = await ctx.services.passkeys.finishRegistration(browserResponse<RegistrationResponseJSON>(response), originOf(ctx, origin), ctx.client);
    return { userId: result.userId, credentialId: result.credentialUuid, sessionToken: result.sessionToken };
  }

  @Mutation(() => JSONObject, { description: "Starts a passkey sign-in with discoverable credentials; returns PublicKeyCredentialRequestOptionsJSON" })
  startPasskeyAuthentication(@Ctx() ctx: GraphQLContext): Promise<object> {
    return ctx.services.passkeys.startAuthentication();
  }

  @Mutation(() => PasskeyCeremonyResult, { description: "Finishes a sign-in begun on any instance and opens a browser session" })
  async finishPasskeyAuthentication(
    @Arg("response", () => JSONObject) response: Record<string, unknown>,
    @Arg("origin", () => String) origin: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PasskeyCeremonyResult> {
    const result = await ctx.services.passkeys.finishAuthentication(browserResponse<AuthenticationResponseJSON>(response), originOf(ctx, origin), ctx.client);
    return { userId: result.userId, credentialId: null, sessionToken: result.sessionToken };
  }
}
