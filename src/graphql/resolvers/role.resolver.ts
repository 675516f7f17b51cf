import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { actorOf } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { OrgMember, Role, User } from "../types/index.js";

const authority = (ctx: GraphQLContext) => ctx.services.orgs.authorityOf(ctx.principal);

@Resolver(() => Role)
export class RoleResolver {
  @FieldResolver(() => [String], { description: "Sorted" })
  permissions(@Root() role: Role, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return ctx.services.orgs.roles.permissionsOf(role.id);
  }

  @Mutation(() => Role, { description: "Org admins: a role holding permissions the org may grant" })
  async createRole(
    @Arg("orgId", () => ID) orgId: string,
    @Arg("displayName", () => String) displayName: string,
    @Arg("permissions", () => [String]) permissions: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<Role> {
    return ctx.services.orgs.roles.create(await authority(ctx), actorOf(ctx.principal), orgId, displayName, permissions);
  }

  @Mutation(() => Role, { description: "Renames and/or replaces the permissions; one's own role keeps the admin permissions it had" })
  async updateRole(
    @Arg("orgId", () => ID) orgId: string,
    @Arg("roleId", () => ID) roleId: string,
    @Ctx() ctx: GraphQLContext,
    @Arg("displayName", () => String, { nullable: true }) displayName?: string | null,
    @Arg("permissions", () => [String], { nullable: true }) permissions?: string[] | null,
  ): Promise<Role> {
    return ctx.services.orgs.roles.update(await authority(ctx), actorOf(ctx.principal), orgId, roleId, { displayName, permissions });
  }

  @Mutation(() => Boolean, { description: "Refused while users hold the role" })
  async deleteRole(@Arg("orgId", () => ID) orgId: string, @Arg("roleId", () => ID) roleId: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    await ctx.services.orgs.roles.delete(await authority(ctx), actorOf(ctx.principal), orgId, roleId);
    return true;
  }
}

@Resolver(() => OrgMember)
export class OrgMemberResolver {
  @FieldResolver(() => User)
  user(@Root() member: OrgMember, @Ctx() ctx: GraphQLContext): Promise<User> {
    return ctx.services.users.require(member.userId) as Promise<User>;
  }

  @Mutation(() => OrgMember, { description: "Org admins: a new passkey user in the org (register their passkey through createPasskeyLink)" })
  async createOrgUser(
    @Arg("orgId", () => ID) orgId: string,
    @Arg("displayName", () => String) displayName: string,
    @Arg("roleId", () => ID) roleId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OrgMember> {
    const a = await authority(ctx);
    const realm = await ctx.services.realms.require(ctx.defaultRealm);
    const userId = await ctx.services.orgs.members.create(a, actorOf(ctx.principal), realm.id, orgId, { displayName, roleId });
    return ctx.services.orgs.members.require(a, orgId, userId) as Promise<OrgMember>;
  }

  @Mutation(() => OrgMember, { description: "Nobody can move themselves to a role without admin permissions" })
  async setOrgUserRole(
    @Arg("orgId", () => ID) orgId: string,
    @Arg("userId", () => ID) userId: string,
    @Arg("roleId", () => ID) roleId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OrgMember> {
    const a = await authority(ctx);
    await ctx.services.orgs.members.setRole(a, actorOf(ctx.principal), orgId, userId, roleId);
    return ctx.services.orgs.members.require(a, orgId, userId) as Promise<OrgMember>;
  }
}
