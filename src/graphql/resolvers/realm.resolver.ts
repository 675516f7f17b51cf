import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { CreateRealmInput, RealmSettingsInput } from "../inputs/index.js";
import { Client, Realm } from "../types/index.js";
import { withoutNulls } from "./actor.js";

const settingKeys = ["enabled", "accessTokenLifespan", "ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "revokeRefreshToken", "refreshTokenMaxReuse"] as const;

@Resolver(() => Realm)
export class RealmResolver {
  @Query(() => [Realm])
  realms(@Ctx() ctx: GraphQLContext): Promise<Realm[]> {
    requireScope(ctx.principal, Scope.REALMS_READ);
    return ctx.services.realms.list();
  }

  @Query(() => Realm, { nullable: true })
  async realm(@Arg("name", () => String) name: string, @Ctx() ctx: GraphQLContext): Promise<Realm | null> {
    requireScope(ctx.principal, Scope.REALMS_READ);
    return (await ctx.services.realms.find(name)) ?? null;
  }

  @Mutation(() => Realm)
  createRealm(@Arg("input", () => CreateRealmInput) input: CreateRealmInput, @Ctx() ctx: GraphQLContext): Promise<Realm> {
    requireScope(ctx.principal, Scope.REALMS_WRITE);
    const { name, ...settings } = input;
    return ctx.services.realms.create(name, withoutNulls(settings, settingKeys), actorOf(ctx.principal));
  }

  @Mutation(() => Realm)
  updateRealm(
    @Arg("name", () => String) name: string,
    @Arg("input", () => RealmSettingsInput) input: RealmSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Realm> {
    requireScope(ctx.principal, Scope.REALMS_WRITE);
    return ctx.services.realms.update(name, withoutNulls({ ...input }, settingKeys), actorOf(ctx.principal));
  }

  @FieldResolver(() => [Client])
  clients(@Root() realm: Realm, @Ctx() ctx: GraphQLContext): Promise<Client[]> {
    requireScope(ctx.principal, Scope.REALMS_READ);
    return ctx.services.clients.list(realm.id);
  }
}
