import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { CreateUserInput, PageArgs, UpdateUserInput } from "../inputs/index.js";
import { Session, User, UserPage } from "../types/index.js";
import { withoutNulls } from "./actor.js";
import { decodeCursor, encodeCursor, toPage } from "./cursor.js";

const notNullable = ["username", "emailVerified", "active", "locked", "hide", "groups", "attributes", "requireMfa", "invite", "nagForMfaAfter", "nagForMethodAfter", "reviewProfileAfter"] as const;

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true })
  async user(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<User | null> {
    requireScope(ctx.principal, Scope.USERS_READ, { ownerId: id });
    return (await ctx.loaders.userById.load(id)) ?? null;
  }

  @Query(() => UserPage, { description: "Users of a realm in creation order, optionally filtered" })
  async users(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GraphQLContext,
    @Arg("realm", () => String, { nullable: true }) realmName?: string | null,
    @Arg("search", () => String, { nullable: true, description: "Substring of username, e-mail, names, employee id or personal e-mail" }) search?: string | null,
    @Arg("username", () => String, { nullable: true, description: "Exactly this username (case-insensitive)" }) username?: string | null,
    @Arg("email", () => String, { nullable: true, description: "Exactly this e-mail (case-insensitive)" }) email?: string | null,
  ): Promise<UserPage> {
    requireScope(ctx.principal, Scope.USERS_READ);
    const realm = await ctx.services.realms.require(realmName ?? ctx.defaultRealm);
    const cursor = page.after ? decodeCursor(page.after, ["createdAt", "id"]) : undefined;
    const after = cursor && { createdAt: new Date(cursor.createdAt), id: cursor.id };
    const rows = await ctx.services.users.search({ realmId: realm.id, search: search ?? undefined, username: username ?? undefined, email: email ?? undefined, after, limit: page.first + 1 });
    for (const row of rows) ctx.loaders.userById.prime(row.id, row);
    return toPage(rows, page.first, (row) => encodeCursor({ createdAt: row.createdAt.toISOString(), id: row.id }));
  }

  @Mutation(() => User)
  async createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GraphQLContext): Promise<User> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    const { realm: realmName, username, ...fields } = input;
    const realm = await ctx.services.realms.require(realmName ?? ctx.defaultRealm);
    return ctx.services.users.create(realm.id, { username, ...withoutNulls(fields, notNullable) }, actorOf(ctx.principal));
  }

  @Mutation(() => User)
  updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.users.update(id, withoutNulls({ ...input }, notNullable), actorOf(ctx.principal));
  }

  @Mutation(() => User, { description: "Sets active to false and records when" })
  deactivateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<User> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    return ctx.services.users.deactivate(id, actorOf(ctx.principal));
  }

  @Mutation(() => Boolean, { description: "Stores a new current password (argon2id) after the policy and the last-ten reuse check; older ones stay as history" })
  async setPassword(
    @Arg("userId", () => ID) userId: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("notifyUser", () => Boolean, { defaultValue: false, description: "E-mail the user: welcome for a first password, password changed otherwise" }) notifyUser = false,
  ): Promise<boolean> {
    requireScope(ctx.principal, Scope.USERS_WRITE);
    await ctx.services.passwords.set(userId, password, actorOf(ctx.principal), { notify: notifyUser });
    return true;
  }

  @FieldResolver(() => [Session], { description: "Every session of the user, newest first" })
  sessions(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<Session[]> {
    requireScope(ctx.principal, Scope.SESSIONS_READ, { ownerId: user.id });
    return ctx.loaders.sessionsByUserId.load(user.id) as Promise<Session[]>;
  }
}
