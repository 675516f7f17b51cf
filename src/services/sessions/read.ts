import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { isAnyId, preparedFor, tables, type Db } from "#src/db/index.js";
import type { SessionRow, SessionStatus } from "#src/db/schema/index.js";
import { isId } from "../errors/index.js";

// The Galaxy lookups (one session, one user's sessions) are hot paths: prepared once per connection.
const sessionByIdStatement = preparedFor((db) =>
  db.select().from(tables.sessions).where(eq(tables.sessions.id, sql.placeholder("id"))).limit(1).prepare("session_by_id"),
);
const sessionsOfUserStatement = preparedFor((db) =>
  db
    .select()
    .from(tables.sessions)
    .where(eq(tables.sessions.userId, sql.placeholder("userId")))
    .orderBy(desc(tables.sessions.createdAt), desc(tables.sessions.id))
    .prepare("sessions_of_user"),
);
/** The DataLoader's batches (a page of users). */
const sessionsOfUsersStatement = preparedFor((db) =>
  db
    .select()
    .from(tables.sessions)
    .where(isAnyId(tables.sessions.userId, "userIds"))
    .orderBy(desc(tables.sessions.createdAt), desc(tables.sessions.id))
    .prepare("sessions_of_users"),
);

export async function sessionById(db: Db, id: string): Promise<SessionRow | undefined> {
  if (!isId(id)) return undefined;
  const [row] = await sessionByIdStatement(db).execute({ id });
  return row;
}

export interface SessionPage {
  userId: string;
  status?: SessionStatus;
  /** Keyset cursor: sessions older than this one. */
  after?: { createdAt: Date; id: string };
  /** None: every session (the Galaxy list is unpaginated). */
  limit?: number;
}

/** Newest first. */
export function listUserSessions(db: Db, page: SessionPage): Promise<SessionRow[]> {
  if (!isId(page.userId)) return Promise.resolve([]);
  const s = tables.sessions;
  const where: (SQL | undefined)[] = [eq(s.userId, page.userId)];
  if (page.status) where.push(eq(s.status, page.status));
  if (page.after) {
    const { createdAt, id } = page.after;
    where.push(or(lt(s.createdAt, createdAt), and(eq(s.createdAt, createdAt), lt(s.id, id))));
  }
  const query = db.select().from(s).where(and(...where)).orderBy(desc(s.createdAt), desc(s.id));
  return page.limit === undefined ? query : query.limit(page.limit);
}

/** For the DataLoader: every session of many users in one query, newest first. */
export function sessionsOfUsers(db: Db, userIds: readonly string[]): Promise<SessionRow[]> {
  const valid = userIds.filter(isId);
  if (valid.length === 0) return Promise.resolve([]);
  // One user's sessions come in the index's order; a batch's are sorted.
  if (valid.length === 1) return sessionsOfUserStatement(db).execute({ userId: valid[0]! });
  return sessionsOfUsersStatement(db).execute({ userIds: valid });
}
