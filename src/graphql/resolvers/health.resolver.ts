import { Ctx, Query, Resolver } from "type-graphql";
import { requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";

@Resolver()
export class HealthResolver {
  @Query(() => Boolean, { description: "True when the database answers; SERVICE_UNAVAILABLE when it does not" })
  async storeAvailable(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.REALMS_READ);
    await ctx.services.health.ping();
    return true;
  }
}
