import { IsNotEmpty, MaxLength } from "class-validator";
import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { ActorInput, PageArgs } from "../inputs/index.js";
import { RevokeAllOutcome, RevokeAllSessionsResult, RevokeOutcome, RevokeSessionResult, Session, SessionPage, SessionStatus } from "../types/index.js";
import { actingAs } from "./actor.js";
import { decodeCursor, encodeCursor, toPage } from "./cursor.js";

@ArgsType()
class RevokeArgs {
  @Field(() => String, { description: "Machine-readable reason, recorded with the revoke" })
  @IsNotEmpty({ message: "reasonCode must not be empty" })
  @MaxLength(128)
  reasonCode!: string;

  @Field(() => ActorInput, { nullable: true, description: "Trusted callers only: on whose behalf" })
  actor?: ActorInput | null;
}

const ownUserId = (ctx: GraphQLContext) => (ctx.principal.kind === "user" ? ctx.principal.userId : undefined);

@Resolver(() => Session)
export class SessionResolver {
  @Query(() => Session, { nullable: true })
  async session(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Session | null> {
    // Checked twice: before the lookup (so callers without rights learn nothing) and against the real owner.
    requireScope(ctx.principal, Scope.SESSIONS_READ, { ownerId: ownUserId(ctx) });
    const row = await ctx.services.sessions.byId(id);
    if (!row) return null;
    requireScope(ctx.principal, Scope.SESSIONS_READ, { ownerId: row.userId });
    return row as Session;
  }

  @Query(() => SessionPage, { description: "A user's sessions, newest first" })
  async userSessions(
    @Arg("userId", () => ID) userId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: GraphQLContext,
    @Arg("status", () => SessionStatus, { nullable: true }) status?: SessionStatus | null,
  ): Promise<SessionPage> {
    requireScope(ctx.principal, Scope.SESSIONS_READ, { ownerId: userId });
    const after = page.after ? decodeCursor(page.after, ["createdAt", "id"]) : undefined;
    const rows = await ctx.services.sessions.listForUser({
      userId,
      status: status ?? undefined,
      after: after && { createdAt: new Date(after.createdAt), id: after.id },
      limit: page.first + 1,
    });
    return toPage(rows as Session[], page.first, (s) => encodeCursor({ createdAt: s.createdAt.toISOString(), id: s.id }));
  }

  @Mutation(() => RevokeSessionResult, { description: "Idempotent: a second revoke keeps the first one's reason and actor" })
  async revokeSession(@Arg("id", () => ID) id: string, @Args(() => RevokeArgs) args: RevokeArgs, @Ctx() ctx: GraphQLContext): Promise<RevokeSessionResult> {
    const actor = actingAs(ctx.principal, args.actor);
    requireScope(ctx.principal, Scope.SESSIONS_WRITE, { ownerId: ownUserId(ctx) });
    const existing = await ctx.services.sessions.require(id);
    requireScope(ctx.principal, Scope.SESSIONS_WRITE, { ownerId: existing.userId });
    const result = await ctx.services.sessions.revoke(id, args.reasonCode, actor);
    const session = await ctx.services.sessions.require(id);
    return { outcome: result.outcome as RevokeOutcome, session: session as Session };
  }

  @Mutation(() => RevokeAllSessionsResult, { description: "Revokes every active session of a user (but one, if named) and invalidates their outstanding tokens" })
  async revokeAllUserSessions(
    @Arg("userId", () => ID) userId: string,
    @Args(() => RevokeArgs) args: RevokeArgs,
    @Ctx() ctx: GraphQLContext,
    @Arg("exceptSessionId", () => ID, { nullable: true, description: "A session of this user to leave active (\"sign out everywhere else\")" }) exceptSessionId?: string | null,
  ): Promise<RevokeAllSessionsResult> {
    const actor = actingAs(ctx.principal, args.actor);
    requireScope(ctx.principal, Scope.SESSIONS_WRITE, { ownerId: userId });
    const result = await ctx.services.sessions.revokeAllOfUser(userId, args.reasonCode, actor, exceptSessionId ?? undefined);
    return { outcome: result.outcome as RevokeAllOutcome, userId: result.userId, sessionIds: result.sessionIds };
  }
}
