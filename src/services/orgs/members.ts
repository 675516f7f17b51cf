import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError, ErrorCode, isId } from "../errors/index.js";
import { ADMIN_PERMISSION, orgAdminPermission, requireOrgAdmin, type Authority } from "./authority.js";
import { requireOrg } from "./orgs.js";
import { cannotDemoteSelf, keepsAdmin, requireRoleOf, rolePermissionIds } from "./roles.js";
import { checkDisplayName } from "./permissions.js";

const m = tables.orgMembers;

export interface OrgMember {
  userId: string;
  orgId: string;
  roleId: string;
}

const userNotInOrg = () => new DomainError(ErrorCode.USER_NOT_FOUND, "User not found in organization");

/** The user's membership of this org, for the admin paths that name both. */
export async function requireMember(db: Db, orgId: string, userId: string): Promise<OrgMember> {
  // Both are uuid columns: other text would be a database error, not "no such member".
  if (!isId(userId) || !isId(orgId)) throw userNotInOrg();
  const [row] = await db.select().from(m).where(and(eq(m.userId, userId), eq(m.orgId, orgId))).limit(1);
  if (!row) throw userNotInOrg();
  return row;
}

export async function membershipOf(db: Db, userId: string): Promise<OrgMember | undefined> {
  const [row] = await db.select().from(m).where(eq(m.userId, userId)).limit(1);
  return row;
}

export const listMembers = (db: Db, orgId: string) => db.select().from(m).where(eq(m.orgId, orgId)).orderBy(asc(m.createdAt), asc(m.userId));

/**
 * A new user in the org with one of its roles (no passkey yet: an admin then makes a registration
 * link for them). Passkey users live in the default realm; the id is also their username.
 */
export async function createMember(db: Db, now: Date, authority: Authority, actor: Actor, realmId: string, orgId: string, input: { displayName: string; roleId: string }): Promise<string> {
  requireOrgAdmin(authority, orgId);
  const name = checkDisplayName(input.displayName);
  return db.transaction(async (tx) => {
    await requireOrg(tx, orgId);
    await requireRoleOf(tx, orgId, input.roleId);
    const id = randomUUID();
    await tx.insert(tables.users).values({ id, realmId, username: id, displayName: name, createdAt: now, updatedAt: now });
    await tx.insert(m).values({ userId: id, orgId, roleId: input.roleId, createdAt: now });
    await recordAudit(tx, { action: "user.create", actor, subjectType: "user", subjectId: id, changes: { displayName: name, orgId, roleId: input.roleId } }, now);
    return id;
  });
}

/** Gives a member another role of the org; nobody can move themselves to a role that is not an admin one. */
export async function setMemberRole(db: Db, now: Date, authority: Authority, actor: Actor, orgId: string, userId: string, roleId: string): Promise<void> {
  requireOrgAdmin(authority, orgId);
  await db.transaction(async (tx) => {
    await requireMember(tx, orgId, userId);
    await requireRoleOf(tx, orgId, roleId);
    if (authority.userId === userId && !keepsAdmin(await rolePermissionIds(tx, roleId), orgId)) throw cannotDemoteSelf();
    await tx.update(m).set({ roleId }).where(eq(m.userId, userId));
    await recordAudit(tx, { action: "user.role", actor, subjectType: "user", subjectId: userId, changes: { orgId, roleId } }, now);
  });
}

/** A display name, set by the user or an admin of their org. */
export async function setDisplayName(db: Db, now: Date, actor: Actor, userId: string, displayName: string): Promise<void> {
  const name = checkDisplayName(displayName);
  await db.transaction(async (tx) => {
    const updated = await tx.update(tables.users).set({ displayName: name, updatedAt: now }).where(eq(tables.users.id, userId)).returning({ id: tables.users.id });
    if (updated.length === 0) throw new DomainError(ErrorCode.USER_NOT_FOUND, "user not found");
    await recordAudit(tx, { action: "user.update", actor, subjectType: "user", subjectId: userId, changes: { displayName: name } }, now);
  });
}

/** A user's org, role, the role's permissions (sorted) and whether they make the user an admin; undefined outside every org. */
export async function membershipDetail(db: Db, userId: string) {
  if (!isId(userId)) return undefined;
  const [row] = await db
    .select({ org: tables.orgs, role: tables.roles })
    .from(m)
    .innerJoin(tables.orgs, eq(tables.orgs.id, m.orgId))
    .innerJoin(tables.roles, eq(tables.roles.id, m.roleId))
    .where(eq(m.userId, userId))
    .limit(1);
  if (!row) return undefined;
  const permissions = await rolePermissionIds(db, row.role.id);
  return { ...row, permissions, isGlobalAdmin: permissions.includes(ADMIN_PERMISSION), isOrgAdmin: permissions.includes(orgAdminPermission(row.org.id)) };
}
