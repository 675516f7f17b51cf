import { Arg, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { SessionEventRow } from "#src/db/schema/index.js";
import { can, requireScope, Scope, type Principal } from "#src/services/access/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import type { GraphQLContext } from "../context/index.js";
import { endAfter, filterIterable, pubSub, SESSION_EVENTS } from "../subscriptions/index.js";
import { SessionEvent, SessionEventType } from "../types/index.js";

const LOGOUT_TYPES: readonly string[] = [SessionEventType.REVOKED, SessionEventType.BLOCKED];

const overHttp = () => new DomainError(ErrorCode.BAD_USER_INPUT, "subscriptions are served over graphql-ws (WebSocket) on /graphql");

const visibleTo = (principal: Principal, event: SessionEventRow) => can(principal, Scope.SESSIONS_READ, { ownerId: event.userId });

/**
 * Authorized like the session queries: admins and keys with sessions:read see every event, a user
 * only those of their own sessions, nobody anonymous. The listener is added before the feed catches
 * up, so every event that becomes final after the subscription started reaches it.
 */
async function subscribe(ctx: GraphQLContext, types: readonly string[] | null): Promise<AsyncIterableIterator<SessionEventRow>> {
  const channel = ctx.sessionEvents;
  if (!channel) throw overHttp();
  requireScope(ctx.principal, Scope.SESSIONS_READ, { ownerId: ctx.principal.kind === "user" ? ctx.principal.userId : undefined });
  const source = pubSub.subscribe(SESSION_EVENTS, channel.id)[Symbol.asyncIterator]() as AsyncIterator<SessionEventRow>;
  try {
    await channel.catchUp();
  } catch (error) {
    await source.return?.();
    throw error;
  }
  const principal = ctx.principal;
  const visible = filterIterable(source, (event) => visibleTo(principal, event));
  // A user listening with a session's token stops hearing once that session has ended (whatever types they chose).
  const bounded =
    principal.kind === "user" && principal.sessionId
      ? endAfter(visible, (event) => event.sessionId === principal.sessionId && LOGOUT_TYPES.includes(event.type))
      : visible;
  return types === null ? bounded : filterIterable(bounded, (event) => types.includes(event.type));
}

/** Over HTTP a subscription runs as a query, with no event: refused with the reason. */
function toGraph(event: SessionEventRow | undefined): SessionEvent {
  if (!event) throw overHttp();
  return { ...event, id: String(event.id) } as unknown as SessionEvent;
}

type Data = SubscribeResolverData<unknown, { types?: SessionEventType[] | null }, GraphQLContext>;

@Resolver(() => SessionEvent)
export class SessionEventResolver {
  @Subscription(() => SessionEvent, {
    description: "Session events as they become final: created, refreshed, revoked, blocked (all, or the given types)",
    subscribe: ({ args, context }: Data) => subscribe(context, args.types?.length ? args.types : null),
  })
  sessionEvents(
    @Root() event: SessionEventRow | undefined,
    @Arg("types", () => [SessionEventType], { nullable: true }) _types?: SessionEventType[] | null,
  ): SessionEvent {
    return toGraph(event);
  }

  @Subscription(() => SessionEvent, {
    description: "Logout events: every session that ended (revoked or blocked), whichever contract ended it",
    subscribe: ({ context }: Data) => subscribe(context, LOGOUT_TYPES),
  })
  logoutSessionEvents(@Root() event: SessionEventRow | undefined): SessionEvent {
    return toGraph(event);
  }
}
