import DataLoader from "dataloader";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { PasswordInfo as PasswordDatesInForce } from "#src/services/passwords/index.js";
import type { GraphQLContext } from "../context/index.js";
import { Invite, NagStateValue, PasswordInfo } from "../types/user-account.type.js";
import { User } from "../types/index.js";

type NagState = (typeof NagStateValue)[keyof typeof NagStateValue];

/** The account's lifecycle beyond the profile: activity, nags, password dates, invites, logins. */
/** Per request: the current passwords of every user a query touches, in one batch. */
const passwordLoaders = new WeakMap<object, DataLoader<string, PasswordDatesInForce | undefined>>();
function passwordInfoOf(ctx: GraphQLContext, userId: string): Promise<PasswordDatesInForce | undefined> {
  let loader = passwordLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const infos = await ctx.services.passwords.infoOfUsers(ids);
      return ids.map((id) => infos.get(id));
    });
    passwordLoaders.set(ctx.loaders, loader);
  }
  return loader.load(userId);
}

@Resolver(() => User)
export class UserAccountResolver {
  @Query(() => User, { nullable: true, description: "The user with this employee id in the realm (default: the default realm)" })
  async userByEmployeeId(
    @Arg("employeeId", () => String) employeeId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("realm", () => String, { nullable: true }) realmName?: string | null,
  ): Promise<User | null> {
    requireScope(ctx.principal, Scope.USERS_READ);
    const realm = await ctx.services.realms.require(realmName ?? ctx.defaultRealm);
    return (await ctx.services.users.byEmployeeId(realm.id, employeeId)) ?? null;
  }

  @Mutation(() => User, { description: "Records that the user has just logged in (a relying party reports it)" })
  recordUserLogin(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<User> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.users.touchLastLogin(id, actorOf(ctx.principal));
  }

  @Mutation(() => Invite, { description: "Issues a fresh invite code to a user without a password and e-mails it; an earlier code stops working" })
  createInvite(@Arg("userId", () => ID) userId: string, @Ctx() ctx: GraphQLContext): Promise<Invite> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.invites.create(userId, actorOf(ctx.principal));
  }

  @Mutation(() => Boolean, { description: "Checks a candidate password against the policy and the user's last ten, saving nothing" })
  async assessPassword(@Arg("userId", () => ID) userId: string, @Arg("password", () => String) password: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    await ctx.services.passwords.assess(userId, password);
    return true;
  }

  @FieldResolver(() => Boolean, { description: "False when switched off, or for a contingent account past expiresOn" })
  active(@Root() user: User, @Ctx() ctx: GraphQLContext): boolean {
    return ctx.services.users.isActive(user);
  }

  @FieldResolver(() => NagStateValue, { description: "The reminder a login would show now" })
  nag(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<NagState> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: user.id });
    return ctx.services.users.nagState(user);
  }

  @FieldResolver(() => PasswordInfo, { nullable: true, description: "Null when the user has no password" })
  async password(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<PasswordInfo | null> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: user.id });
    const info = await passwordInfoOf(ctx, user.id);
    return info ? { createdAt: info.createdAt, expiresOn: info.expiresAt, graceEndsOn: info.graceEndsAt } : null;
  }

  @FieldResolver(() => Invite, { nullable: true, description: "The user's invite, when one was issued" })
  async invite(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<Invite | null> {
    requireScope(ctx.principal, Scope.USERS_READ);
    return (await ctx.services.invites.ofUser(user.id)) ?? null;
  }
}
