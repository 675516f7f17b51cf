import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { Org, OrgMember, Permission, Role } from "../types/index.js";

const authority = (ctx: GraphQLContext) => ctx.services.orgs.authorityOf(ctx.principal);

@Resolver(() => Org)
export class OrgResolver {
  @Query(() => [Org], { description: "Every org to a global admin (`auth:admin`); else the orgs the caller administers (`auth:org:{id}`)" })
  async orgs(@Ctx() ctx: GraphQLContext): Promise<Org[]> {
    return ctx.services.orgs.list(await authority(ctx));
  }

  @Query(() => Org, { description: "An org the caller administers" })
  async org(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Org> {
    return ctx.services.orgs.require(await authority(ctx), id);
  }

  @FieldResolver(() => [String], { description: "The permissions the org may grant to its roles, sorted" })
  permissions(@Root() org: Org, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return ctx.services.orgs.grantable(org.id);
  }

  @FieldResolver(() => [Role])
  roles(@Root() org: Org, @Ctx() ctx: GraphQLContext): Promise<Role[]> {
    return ctx.services.orgs.roles.list(org.id);
  }

  @FieldResolver(() => [OrgMember])
  members(@Root() org: Org, @Ctx() ctx: GraphQLContext): Promise<OrgMember[]> {
    return ctx.services.orgs.members.list(org.id);
  }

  @Mutation(() => Org, { description: "Global admins: a new org, with its admin permission and a role Administration holding it" })
  async createOrg(@Arg("displayName", () => String) displayName: string, @Ctx() ctx: GraphQLContext): Promise<Org> {
    return ctx.services.orgs.create(await authority(ctx), actorOf(ctx.principal), displayName);
  }

  @Mutation(() => Org)
  async renameOrg(@Arg("id", () => ID) id: string, @Arg("displayName", () => String) displayName: string, @Ctx() ctx: GraphQLContext): Promise<Org> {
    return ctx.services.orgs.rename(await authority(ctx), actorOf(ctx.principal), id, displayName);
  }

  @Mutation(() => Boolean, { description: "Global admins: deletes the org, its roles and memberships; its users stay" })
  async deleteOrg(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.orgs.delete(await authority(ctx), actorOf(ctx.principal), id);
    return true;
  }

  @Mutation(() => Boolean, { description: "Global admins: lets an org grant a permission to its roles (granted: false takes it back)" })
  async setOrgPermission(
    @Arg("orgId", () => ID) orgId: string,
    @Arg("permissionId", () => ID) permissionId: string,
    @Arg("granted", () => Boolean) granted: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.services.orgs.setPermission(await authority(ctx), actorOf(ctx.principal), orgId, permissionId, granted);
    return true;
  }
}

@Resolver(() => Permission)
export class PermissionResolver {
  @Query(() => [Permission], { description: "Every permission to a global admin; to an org admin, those their orgs may grant" })
  async permissions(@Ctx() ctx: GraphQLContext): Promise<Permission[]> {
    return ctx.services.orgs.permissions.list(await authority(ctx));
  }

  @Mutation(() => Permission)
  async createPermission(@Arg("id", () => ID) id: string, @Arg("displayName", () => String) displayName: string, @Ctx() ctx: GraphQLContext): Promise<Permission> {
    return ctx.services.orgs.permissions.create(await authority(ctx), actorOf(ctx.principal), id, displayName);
  }

  @Mutation(() => Permission, { description: "Renames (newId; every grant follows) and/or sets the display name; `auth:admin` keeps its id" })
  async updatePermission(
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("newId", () => ID, { nullable: true }) newId?: string | null,
    @Arg("displayName", () => String, { nullable: true }) displayName?: string | null,
  ): Promise<Permission> {
    return ctx.services.orgs.permissions.update(await authority(ctx), actorOf(ctx.principal), id, { newId, displayName });
  }

  @Mutation(() => Boolean, { description: "`auth:admin` cannot be deleted" })
  async deletePermission(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.orgs.permissions.delete(await authority(ctx), actorOf(ctx.principal), id);
    return true;
  }
}
