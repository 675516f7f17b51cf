import { and, desc, eq, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { BlockSubjectKind, SubjectBlockRow, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { ErrorCode, isId, notFound } from "../errors/index.js";
import { revokeUserSessionsIn } from "../sessions/index.js";

export type BlockSubject = { kind: "user_id"; userId: string } | { kind: "email"; realmId: string; email: string };

export interface BlockResult {
  outcome: "blocked" | "already_blocked";
  subjectKind: BlockSubjectKind;
  subjectValue: string;
  block: SubjectBlockRow;
  /** Sessions this block revoked, newest first. */
  sessionIds: string[];
}

export function createBlockService({ db, clock }: ServiceDeps) {
  /** Blocks a subject and, in the same transaction, revokes every active session it has. */
  async function block(subject: BlockSubject, reasonCode: string, actor: Actor): Promise<BlockResult> {
    return db.transaction(async (tx) => {
      const u = tables.users;
      if (subject.kind === "user_id" && !isId(subject.userId)) throw notFound(ErrorCode.SUBJECT_NOT_FOUND, "subject");
      // The user row is locked for update before anything else: inserting the block takes a key-share
      // lock on it (the foreign key), and two blocks of one user (by id and by e-mail) that each held
      // that lock while waiting to upgrade it would deadlock.
      const [user] = await (subject.kind === "user_id"
        ? tx.select().from(u).where(eq(u.id, subject.userId)).limit(1).for("update")
        : tx.select().from(u).where(and(eq(u.realmId, subject.realmId), sql`lower(${u.email}) = ${subject.email.toLowerCase()}`)).limit(1).for("update"));
      if (!user) throw notFound(ErrorCode.SUBJECT_NOT_FOUND, "subject");
      const subjectValue = subject.kind === "user_id" ? user.id : subject.email.toLowerCase();
      const now = clock.now();
      const [inserted] = await tx
        .insert(tables.subjectBlocks)
        .values({ realmId: user.realmId, subjectKind: subject.kind, subjectValue, userId: user.id, reasonCode, actorType: actor.type, actorId: actor.id ?? null, createdAt: now })
        .onConflictDoNothing()
        .returning();
      if (!inserted) {
        const existing = await findBlock(tx, user, subject.kind, subjectValue);
        return { outcome: "already_blocked", subjectKind: subject.kind, subjectValue, block: existing, sessionIds: [] };
      }
      const sessionIds = await revokeUserSessionsIn(tx, now, user.id, reasonCode, actor);
      await recordAudit(tx, { action: "block.create", actor, reasonCode, subjectType: "user", subjectId: user.id, changes: { subjectKind: subject.kind, subjectValue, sessionIds } }, now);
      return { outcome: "blocked", subjectKind: subject.kind, subjectValue, block: inserted, sessionIds };
    });
  }

  async function findBlock(executor: typeof db, user: UserRow, kind: BlockSubjectKind, value: string): Promise<SubjectBlockRow> {
    const b = tables.subjectBlocks;
    const [row] = await executor.select().from(b).where(and(eq(b.realmId, user.realmId), eq(b.subjectKind, kind), eq(b.subjectValue, value)));
    return row!;
  }

  async function remove(id: string, actor: Actor): Promise<SubjectBlockRow> {
    if (!isId(id)) throw notFound(ErrorCode.BLOCK_NOT_FOUND, "block");
    return db.transaction(async (tx) => {
      const [row] = await tx.delete(tables.subjectBlocks).where(eq(tables.subjectBlocks.id, id)).returning();
      if (!row) throw notFound(ErrorCode.BLOCK_NOT_FOUND, "block");
      await recordAudit(tx, { action: "block.remove", actor, subjectType: "user", subjectId: row.userId ?? row.subjectValue, changes: { subjectKind: row.subjectKind, subjectValue: row.subjectValue } }, clock.now());
      return row;
    });
  }

  function list(filter: { realmId?: string; userId?: string }): Promise<SubjectBlockRow[]> {
    const b = tables.subjectBlocks;
    return db
      .select()
      .from(b)
      .where(and(filter.realmId ? eq(b.realmId, filter.realmId) : undefined, filter.userId ? eq(b.userId, filter.userId) : undefined))
      .orderBy(desc(b.createdAt), desc(b.id));
  }

  return { block, remove, list };
}

export type BlockService = ReturnType<typeof createBlockService>;
