import { eq, sql } from "drizzle-orm";
import { preparedFor, tables, type Db } from "#src/db/index.js";
import { isId } from "../errors/index.js";
import { isActive } from "../users/index.js";

const s = tables.sessions;
const u = tables.users;

/**
 * The one statement of a ticket check: the session by its primary key, with the few columns of its
 * user that decide whether it still stands. Read on every request and never cached, so a session
 * ended anywhere (this contract, Galaxy, OIDC, a block) is refused once that call has returned.
 */
const ticketSession = preparedFor((db) =>
  db
    .select({
      status: s.status,
      kind: s.kind,
      expiresAt: s.expiresAt,
      userId: s.userId,
      realmId: s.realmId,
      numericId: u.numericId,
      active: u.active,
      locked: u.locked,
      expiresOn: u.expiresOn,
    })
    .from(s)
    .innerJoin(u, eq(u.id, s.userId))
    .where(eq(s.id, sql.placeholder("id")))
    .prepare("auth_ticket_session"),
);

export interface LiveSession {
  sessionId: string;
  userId: string;
  realmId: string;
  numericId: number;
  expiresAt: Date | null;
}

/** The browser session a ticket names, when it is active, unexpired and its user (the ticket's numeric id) may still sign in. */
export async function liveSession(db: Db, sessionId: string, numericId: number, now: Date): Promise<LiveSession | undefined> {
  if (!isId(sessionId)) return undefined;
  const [row] = await ticketSession(db).execute({ id: sessionId });
  if (!row || row.status !== "active" || row.kind !== "browser" || row.numericId !== numericId) return undefined;
  if ((row.expiresAt && row.expiresAt <= now) || row.locked || !isActive(row, now)) return undefined;
  return { sessionId, userId: row.userId, realmId: row.realmId, numericId, expiresAt: row.expiresAt };
}
