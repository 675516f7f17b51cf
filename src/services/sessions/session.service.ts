import type { Actor } from "../access/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { ErrorCode, notFound } from "../errors/index.js";
import { createSession, type NewSession } from "./create.js";
import { listUserSessions, sessionById, sessionsOfUsers, type SessionPage } from "./read.js";
import { renewSession, type Renewal } from "./renew.js";
import { revokeAllUserSessions, revokeSession } from "./revoke.js";

export function createSessionService({ db, clock }: ServiceDeps) {
  return {
    create: (input: NewSession) => db.transaction((tx) => createSession(tx, clock, input)),
    byId: (id: string) => sessionById(db, id),
    async require(id: string) {
      const row = await sessionById(db, id);
      if (!row) throw notFound(ErrorCode.SESSION_NOT_FOUND, "session");
      return row;
    },
    listForUser: (page: SessionPage) => listUserSessions(db, page),
    ofUsers: (userIds: readonly string[]) => sessionsOfUsers(db, userIds),
    revoke: (id: string, reasonCode: string, actor: Actor) => revokeSession(db, clock, id, reasonCode, actor),
    /** keepSessionId: one of the user's sessions to leave active (every other one ends). */
    revokeAllOfUser: (userId: string, reasonCode: string, actor: Actor, keepSessionId?: string) => revokeAllUserSessions(db, clock, userId, reasonCode, actor, keepSessionId),
    renew: (id: string, renewal: Renewal) => renewSession(db, clock, id, renewal),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
