import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { actorOf } from "#src/services/access/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import type { GraphQLContext } from "../context/index.js";
import { EndPasskeySessionResult, RenewPasskeySessionResult, PasskeyAccount, PasskeyLink, PasskeyResetLinkInfo, type User } from "../types/index.js";

/**
 * Whose account an operation is on: without userId, the calling user's own; with it (and the
 * org it is in), a user an admin of that org (or a global admin) manages.
 */
async function targetUser(ctx: GraphQLContext, orgId: string | null | undefined, userId: string | null | undefined): Promise<string> {
  if (!userId) {
    if (ctx.principal.kind === "user") return ctx.principal.userId;
    throw new DomainError(ctx.principal.kind === "anonymous" ? ErrorCode.UNAUTHENTICATED : ErrorCode.BAD_USER_INPUT, "userId is required unless a user calls for themselves");
  }
  if (!orgId) throw new DomainError(ErrorCode.BAD_USER_INPUT, "orgId is required with userId", { field: "orgId" });
  await ctx.services.orgs.members.require(await ctx.services.orgs.authorityOf(ctx.principal), orgId, userId);
  return userId;
}

@Resolver()
export class PasskeyResolver {
  @Query(() => PasskeyAccount, { description: "The calling user's account, or (orgId and userId) a user an org admin manages" })
  async passkeyAccount(
    @Ctx() ctx: GraphQLContext,
    @Arg("orgId", () => ID, { nullable: true }) orgId?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
  ): Promise<PasskeyAccount> {
    const id = await targetUser(ctx, orgId, userId);
    const { passkeys, orgs, users } = ctx.services;
    const [user, membership, credentials, sessions, visits] = await Promise.all([users.require(id), orgs.members.detail(id), passkeys.credentials(id), passkeys.sessions(id), passkeys.visits(id)]);
    const permissions = membership?.permissions ?? [];
    const own = ctx.principal.kind === "user" && ctx.principal.userId === id ? ctx.principal.sessionId ?? null : null;
    return {
      user: user as User,
      org: membership?.org ?? null,
      role: membership?.role ?? null,
      permissions,
      isGlobalAdmin: membership?.isGlobalAdmin ?? false,
      isOrgAdmin: membership?.isOrgAdmin ?? false,
      visits,
      credentials,
      sessions,
      currentSessionId: own,
    };
  }

  @Query(() => PasskeyResetLinkInfo, { description: "What a reset or device-addition link is for (no sign-in needed: the passphrase is the secret)" })
  async passkeyResetLink(@Arg("passphrase", () => String) passphrase: string, @Ctx() ctx: GraphQLContext): Promise<PasskeyResetLinkInfo> {
    const link = await ctx.services.passkeys.findResetLink(passphrase);
    return { kind: link.kind, userId: link.userId, userName: link.userName ?? "" };
  }

  @Mutation(() => PasskeyLink, { description: "A device-addition link for oneself (24 h), or (orgId and userId) an admin's link for a user (14 days)" })
  async createPasskeyLink(
    @Ctx() ctx: GraphQLContext,
    @Arg("orgId", () => ID, { nullable: true }) orgId?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
  ): Promise<PasskeyLink> {
    const id = await targetUser(ctx, orgId, userId);
    const { passkeys } = ctx.services;
    const link = userId ? await passkeys.createAdminLink(id, actorOf(ctx.principal)) : await passkeys.createDeviceLink(id, actorOf(ctx.principal));
    return { url: passkeys.linkUrl(link.passphrase), passphrase: link.passphrase, kind: link.kind, expiresAt: link.expiresAt };
  }

  @Mutation(() => Boolean, { description: "Deletes one of the caller's passkeys, or (orgId and userId) a managed user's" })
  async deletePasskey(
    @Arg("id", () => ID) credentialId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("orgId", () => ID, { nullable: true }) orgId?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
  ): Promise<boolean> {
    await ctx.services.passkeys.deleteCredential(await targetUser(ctx, orgId, userId), credentialId, actorOf(ctx.principal));
    return true;
  }

  @Mutation(() => EndPasskeySessionResult, { description: "Ends one of the calling user's own sessions" })
  async endPasskeySession(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<EndPasskeySessionResult> {
    const userId = await targetUser(ctx, null, null);
    await ctx.services.passkeys.endSession(userId, id, actorOf(ctx.principal), "passkey_session_end");
    return { currentSessionTerminated: ctx.principal.kind === "user" && ctx.principal.sessionId === id };
  }

  @Mutation(() => RenewPasskeySessionResult, { description: "Renews the calling passkey session's 24 hours, once at least five minutes of them are used" })
  async renewPasskeySession(@Ctx() ctx: GraphQLContext): Promise<RenewPasskeySessionResult> {
    if (ctx.principal.kind !== "user" || !ctx.principal.sessionId) throw new DomainError(ErrorCode.UNAUTHENTICATED, "a passkey session is required");
    const expiresAt = await ctx.services.passkeys.renewIfDue(ctx.principal.sessionId, ctx.client);
    return { renewed: expiresAt !== undefined, expiresAt: expiresAt ?? null };
  }

  @Mutation(() => Boolean, { description: "Sets the caller's display name, or (orgId and userId) a managed user's; 1 to 64 characters" })
  async setPasskeyDisplayName(
    @Arg("displayName", () => String) displayName: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("orgId", () => ID, { nullable: true }) orgId?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
  ): Promise<boolean> {
    await ctx.services.orgs.setDisplayName(actorOf(ctx.principal), await targetUser(ctx, orgId, userId), displayName);
    return true;
  }
}
