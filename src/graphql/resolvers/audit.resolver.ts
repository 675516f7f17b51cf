import { Arg, Args, Ctx, Query, Resolver } from "type-graphql";
import { requireScope, Scope } from "#src/services/access/index.js";
import { DomainError, ErrorCode, isId } from "#src/services/errors/index.js";
import type { GraphQLContext } from "../context/index.js";
import { PageArgs } from "../inputs/index.js";
import { AuditEvent } from "../types/index.js";

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Query(() => [AuditEvent], { description: "Newest first; `after` is the id of the last event of the previous page" })
  auditEvents(
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GraphQLContext,
    @Arg("subjectType", () => String, { nullable: true }) subjectType?: string | null,
    @Arg("subjectId", () => String, { nullable: true }) subjectId?: string | null,
    @Arg("action", () => String, { nullable: true }) action?: string | null,
  ): Promise<AuditEvent[]> {
    requireScope(ctx.principal, Scope.AUDIT_READ);
    // The list carries no cursor: the next page starts after the last event's id, as the description says.
    const before = page.after ?? undefined;
    if (before !== undefined && !isId(before)) throw new DomainError(ErrorCode.BAD_USER_INPUT, "after must be the id of an audit event", { field: "after" });
    return ctx.services.audit.list({ subjectType: subjectType ?? undefined, subjectId: subjectId ?? undefined, action: action ?? undefined, before, limit: page.first });
  }
}
