import DataLoader from "dataloader";
import { GraphQLJSON } from "graphql-scalars";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RecoveryMethodRow } from "#src/db/schema/index.js";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { CreateRecoveryMethodInput, RecoveryMethodRefInput } from "../inputs/recovery-method.input.js";
import { User } from "../types/index.js";
import { RecoveryMethod } from "../types/recovery-method.type.js";
import { ownerOf } from "./mfa-owner.js";

/** Per request: the recovery methods of every user a query touches, in one batch. */
const loaders = new WeakMap<object, DataLoader<string, RecoveryMethodRow[]>>();
function methodsOf(ctx: GraphQLContext, userId: string): Promise<RecoveryMethodRow[]> {
  let loader = loaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const grouped = await ctx.services.recoveryMethods.ofUsers(ids);
      return ids.map((id) => grouped.get(id) ?? []);
    });
    loaders.set(ctx.loaders, loader);
  }
  return loader.load(userId);
}

@Resolver(() => User)
export class UserRecoveryMethodResolver {
  @FieldResolver(() => [RecoveryMethod], { description: "Recovery e-mail addresses, oldest first" })
  async recoveryMethods(
    @Root() user: User,
    @Ctx() ctx: GraphQLContext,
    @Arg("verifiedOnly", () => Boolean, { defaultValue: false }) verifiedOnly: boolean,
  ): Promise<RecoveryMethod[]> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: user.id });
    const methods = await methodsOf(ctx, user.id);
    return verifiedOnly ? methods.filter((m) => m.verified) : methods;
  }

  @FieldResolver(() => Int)
  async verifiedRecoveryMethodCount(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<number> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: user.id });
    return (await methodsOf(ctx, user.id)).filter((m) => m.verified).length;
  }
}

@Resolver(() => RecoveryMethod)
export class RecoveryMethodResolver {
  @Query(() => RecoveryMethod, { description: "A verified recovery method of the user" })
  async recoveryMethod(@Arg("input", () => RecoveryMethodRefInput) input: RecoveryMethodRefInput, @Ctx() ctx: GraphQLContext): Promise<RecoveryMethod> {
    requireScope(ctx.principal, Scope.USERS_READ);
    return ctx.services.recoveryMethods.get(await ownerOf(ctx, input), input.uid);
  }

  @Query(() => [RecoveryMethod], { description: "Every recovery method of a user, verified or not" })
  async userRecoveryMethods(
    @Ctx() ctx: GraphQLContext,
    @Arg("employeeId", () => String, { nullable: true }) employeeId?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
    @Arg("realm", () => String, { nullable: true }) realm?: string | null,
  ): Promise<RecoveryMethod[]> {
    requireScope(ctx.principal, Scope.USERS_READ);
    return ctx.services.recoveryMethods.listOf(await ownerOf(ctx, { employeeId, userId, realm }));
  }

  @Mutation(() => RecoveryMethod, { description: "Adds an address and mails it a six-digit code (valid five days); an unverified one starts again" })
  async createRecoveryMethod(@Arg("input", () => CreateRecoveryMethodInput) input: CreateRecoveryMethodInput, @Ctx() ctx: GraphQLContext): Promise<RecoveryMethod> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.recoveryMethods.create({ owner: await ownerOf(ctx, input), value: input.value }, actorOf(ctx.principal));
  }

  @Mutation(() => RecoveryMethod, { description: "Checks the mailed code: ten attempts per code sent; an expired code is replaced by a new one" })
  verifyRecoveryMethod(
    @Arg("uid", () => String) uid: string,
    @Arg("code", () => GraphQLJSON, { nullable: true, description: "The code as text of digits; anything else is refused without spending an attempt" }) code: unknown,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RecoveryMethod> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.recoveryMethods.verify(uid, code, actorOf(ctx.principal));
  }

  @Mutation(() => Boolean, { description: "Mails a new code to an unverified address" })
  async resendRecoveryMethodCode(@Arg("input", () => RecoveryMethodRefInput) input: RecoveryMethodRefInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    await ctx.services.recoveryMethods.resend(await ownerOf(ctx, input), input.uid, actorOf(ctx.principal));
    return true;
  }

  @Mutation(() => Boolean)
  async deleteRecoveryMethod(@Arg("input", () => RecoveryMethodRefInput) input: RecoveryMethodRefInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    await ctx.services.recoveryMethods.remove(await ownerOf(ctx, input), input.uid, actorOf(ctx.principal));
    return true;
  }
}
