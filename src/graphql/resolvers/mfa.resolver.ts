import DataLoader from "dataloader";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { UserRow } from "#src/db/schema/index.js";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import { countOf, type MfaView } from "#src/services/mfa/index.js";
import type { GraphQLContext } from "../context/index.js";
import { CreateMfaInput, MfaRefInput, UpdateMfaLabelInput, UpdateWebauthnCredentialInput, VerifyMfaInput, WebauthnCredentialRefInput } from "../inputs/mfa.input.js";
import { User } from "../types/index.js";
import { MfaCreation, MfaOption, MfaScenario, MfaSummary, WebauthnCredential } from "../types/mfa.type.js";
import { ownerOf } from "./mfa-owner.js";

/** Per request: the verified MFAs of every user a query touches, in one batch. */
const loaders = new WeakMap<object, DataLoader<string, MfaView[]>>();
function verifiedViews(ctx: GraphQLContext, userId: string): Promise<MfaView[]> {
  let loader = loaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const grouped = await ctx.services.mfa.verifiedViewsOfUsers(ids);
      return ids.map((id) => grouped.get(id) ?? []);
    });
    loaders.set(ctx.loaders, loader);
  }
  return loader.load(userId);
}

@Resolver(() => User)
export class UserMfaResolver {
  @FieldResolver(() => MfaSummary, { description: "The user's verified second factors as the scenario sees them" })
  async mfa(
    @Root() user: User,
    @Ctx() ctx: GraphQLContext,
    @Arg("scenario", () => MfaScenario, { defaultValue: MfaScenario.LIST }) scenario: MfaScenario,
    @Arg("rpOrigin", () => String, { nullable: true, description: "A login's relying party; WebAuthn challenges need an allowed one" }) rpOrigin?: string | null,
  ): Promise<MfaSummary> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: user.id });
    return ctx.services.mfa.summarize(user as unknown as UserRow, await verifiedViews(ctx, user.id), scenario, rpOrigin);
  }

  @FieldResolver(() => Int, { description: "Verified second factors, every WebAuthn key counted" })
  async verifiedMfaCount(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<number> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: user.id });
    return countOf(await verifiedViews(ctx, user.id));
  }
}

@Resolver(() => MfaOption)
export class MfaResolver {
  @Query(() => [MfaOption], { description: "Every verified MFA of a user, manager and recovery codes included" })
  async mfaOptions(
    @Ctx() ctx: GraphQLContext,
    @Arg("employeeId", () => String, { nullable: true }) employeeId?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
    @Arg("realm", () => String, { nullable: true }) realm?: string | null,
    @Arg("rpOrigin", () => String, { nullable: true }) rpOrigin?: string | null,
  ): Promise<MfaOption[]> {
    requireScope(ctx.principal, Scope.USERS_READ);
    return ctx.services.mfa.listOf(await ownerOf(ctx, { employeeId, userId, realm }), rpOrigin);
  }

  @Mutation(() => MfaCreation, { description: "Enrols a second factor; codes are issued (and mailed to contacts) at once, TOTP and WebAuthn finish with verifyMfa" })
  async createMfa(@Arg("input", () => CreateMfaInput) input: CreateMfaInput, @Ctx() ctx: GraphQLContext): Promise<MfaCreation> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    const { type, label, recoveryEmail, rpOrigin } = input;
    return ctx.services.mfa.create({ owner: await ownerOf(ctx, input), type, label, recoveryEmail, rpOrigin }, actorOf(ctx.principal));
  }

  @Mutation(() => MfaOption, { description: "Checks a code or a WebAuthn response; 5 failures in 5 minutes lock the MFA for a while" })
  async verifyMfa(@Arg("input", () => VerifyMfaInput) input: VerifyMfaInput, @Ctx() ctx: GraphQLContext): Promise<MfaOption> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    const { mfaId, value, rpOrigin, kind, label } = input;
    return ctx.services.mfa.verify({ owner: await ownerOf(ctx, input), mfaId, value, rpOrigin, kind, label }, actorOf(ctx.principal));
  }

  @Mutation(() => MfaOption)
  async updateMfaLabel(@Arg("input", () => UpdateMfaLabelInput) input: UpdateMfaLabelInput, @Ctx() ctx: GraphQLContext): Promise<MfaOption> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.mfa.updateLabel({ owner: await ownerOf(ctx, input), mfaId: input.mfaId, rpOrigin: input.rpOrigin }, input.label, actorOf(ctx.principal));
  }

  @Mutation(() => Boolean, { description: "Deletes the MFA with its codes and keys" })
  async deleteMfa(@Arg("input", () => MfaRefInput) input: MfaRefInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    await ctx.services.mfa.remove({ owner: await ownerOf(ctx, input), mfaId: input.mfaId, rpOrigin: input.rpOrigin }, actorOf(ctx.principal));
    return true;
  }

  @Mutation(() => WebauthnCredential)
  async updateWebauthnCredential(
    @Arg("input", () => UpdateWebauthnCredentialInput) input: UpdateWebauthnCredentialInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebauthnCredential> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    const ref = { owner: await ownerOf(ctx, input), mfaId: input.mfaId, rpOrigin: input.rpOrigin };
    return ctx.services.mfa.updateCredentialLabel(ref, input.credentialId, input.label, actorOf(ctx.principal));
  }

  @Mutation(() => Boolean, { description: "Deletes one security key; the last one takes its MFA with it" })
  async deleteWebauthnCredential(@Arg("input", () => WebauthnCredentialRefInput) input: WebauthnCredentialRefInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    const ref = { owner: await ownerOf(ctx, input), mfaId: input.mfaId, rpOrigin: input.rpOrigin };
    await ctx.services.mfa.removeCredential(ref, input.credentialId, actorOf(ctx.principal));
    return true;
  }
}
