import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GrantType } from "#src/services/clients/index.js";
import type { GraphQLContext } from "../context/index.js";
import { CreateClientInput } from "../inputs/index.js";
import { Client, CreatedClient } from "../types/index.js";

@Resolver(() => Client)
export class ClientResolver {
  @Mutation(() => CreatedClient, { description: "A confidential client's secret is returned this once" })
  async createClient(@Arg("input", () => CreateClientInput) input: CreateClientInput, @Ctx() ctx: GraphQLContext): Promise<CreatedClient> {
    requireScope(ctx.principal, Scope.REALMS_WRITE);
    const realm = await ctx.services.realms.require(input.realm ?? ctx.defaultRealm);
    return ctx.services.clients.create(
      realm.id,
      { clientId: input.clientId, name: input.name, public: input.public, grants: input.grants as GrantType[], redirectUris: input.redirectUris ?? [] },
      actorOf(ctx.principal),
    );
  }
}
