import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { requireScope, Scope } from "#src/services/access/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import type { GraphQLContext } from "../context/index.js";
import { OutboxMessage } from "../types/index.js";

@Resolver(() => OutboxMessage)
export class OutboxResolver {
  @Query(() => [OutboxMessage], { description: "E-mails the server wrote, newest first" })
  outboxMessages(
    @Ctx() ctx: GraphQLContext,
    @Arg("to", () => String, { nullable: true }) to?: string | null,
    @Arg("first", () => Int, { defaultValue: 50, description: "1 to 500" }) first = 50,
  ): Promise<OutboxMessage[]> {
    requireScope(ctx.principal, Scope.OUTBOX_READ);
    if (first < 1 || first > 500) throw new DomainError(ErrorCode.BAD_USER_INPUT, "first must be between 1 and 500", { field: "first" });
    return ctx.services.outbox.list({ to: to ?? undefined, limit: first });
  }
}
