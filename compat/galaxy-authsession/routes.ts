import { MalformedCode, reply, route, type RouteDefinition } from "#compat/kit/index.js";
import type { GalaxyDocument, GraphSession } from "./documents.js";
import { invalidRequest, sessionNotFound } from "./errors.js";
import { blockBody, revokeBody, sessionParams, userParams } from "./schemas.js";
import { toSessionDto } from "./session-dto.js";

const actorInput = (actor: { type: string; id?: string }) => ({ type: actor.type, id: actor.id ?? null });

export const routes: RouteDefinition<GalaxyDocument>[] = [
  route({
    method: "get",
    path: "/sessions/:device_session_id",
    lean: true,
    params: sessionParams,
    // An id that cannot be one is a session that does not exist (the path documents no 400 for it).
    malformed: (failure) => (failure.code === MalformedCode.MALFORMED_PATH ? sessionNotFound : invalidRequest(failure.message)),
    async handle({ params }, graph) {
      const { session } = await graph.run<{ session: GraphSession | null }>("getSession", { id: params.device_session_id });
      return session ? reply(200, { session: toSessionDto(session) }) : sessionNotFound;
    },
  }),
  route({
    method: "get",
    path: "/users/:user_id/sessions",
    lean: true,
    params: userParams,
    // The path documents only 200, "an empty array … including unknown user_id values".
    malformed: (failure) => (failure.code === MalformedCode.MALFORMED_PATH ? reply(200, { sessions: [] }) : invalidRequest(failure.message)),
    async handle({ params }, graph) {
      const { user } = await graph.run<{ user: { sessions: GraphSession[] } | null }>("listUserSessions", { userId: params.user_id });
      return reply(200, { sessions: (user?.sessions ?? []).map(toSessionDto) });
    },
  }),
  route({
    method: "post",
    path: "/sessions/:device_session_id/revoke",
    params: sessionParams,
    body: revokeBody,
    async handle({ params, body }, graph) {
      const { revokeSession } = await graph.run<{ revokeSession: { outcome: string; session: { id: string } } }>("revokeSession", {
        id: params.device_session_id,
        reasonCode: body.reason_code,
        actor: actorInput(body.actor),
      });
      const outcome = revokeSession.outcome.toLowerCase();
      return reply(200, { outcome, device_session_id: revokeSession.session.id, affected_session_count: outcome === "revoked" ? 1 : 0 });
    },
  }),
  route({
    method: "post",
    path: "/users/:user_id/sessions/revoke-all",
    params: userParams,
    body: revokeBody,
    async handle({ params, body }, graph) {
      const { revokeAllUserSessions: result } = await graph.run<{ revokeAllUserSessions: { outcome: string; userId: string; sessionIds: string[] } }>(
        "revokeAllUserSessions",
        { userId: params.user_id, reasonCode: body.reason_code, actor: actorInput(body.actor) },
      );
      return reply(200, {
        outcome: result.outcome.toLowerCase(),
        user_id: result.userId,
        affected_session_count: result.sessionIds.length,
        affected_device_session_ids: result.sessionIds,
      });
    },
  }),
  route({
    method: "post",
    path: "/user-blocks",
    body: blockBody,
    async handle({ body }, graph) {
      const { blockSubject: result } = await graph.run<{ blockSubject: { outcome: string; block: { subjectKind: string; subjectValue: string }; sessionIds: string[] } }>(
        "blockSubject",
        { input: { userId: body.user_id ?? null, email: body.email ?? null, reasonCode: body.reason_code, actor: actorInput(body.actor) } },
      );
      return reply(200, {
        outcome: result.outcome.toLowerCase(),
        subject_kind: result.block.subjectKind.toLowerCase(),
        subject_value: result.block.subjectValue,
        affected_session_count: result.sessionIds.length,
        affected_device_session_ids: result.sessionIds,
      });
    },
  }),
];
