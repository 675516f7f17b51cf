import { and, asc, eq, inArray } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { OrgRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError, ErrorCode, isId } from "../errors/index.js";
import { orgAdminPermission, requireGlobalAdmin, requireOrgAdmin, type Authority } from "./authority.js";
import { OrgErrorCode } from "./error-codes.js";
import { checkDisplayName } from "./permissions.js";

const o = tables.orgs;

export const orgNotFound = () => new DomainError(OrgErrorCode.ORG_NOT_FOUND, "Organization not found");

export async function requireOrg(db: Db, id: string): Promise<OrgRow> {
  if (!isId(id)) throw orgNotFound();
  const [row] = await db.select().from(o).where(eq(o.id, id)).limit(1);
  if (!row) throw orgNotFound();
  return row;
}

/** Every org to a global admin, else the orgs the caller administers; nobody else may list them. */
export async function listOrgs(db: Db, authority: Authority): Promise<OrgRow[]> {
  if (!authority.global && authority.orgs.size === 0) throw new DomainError(ErrorCode.FORBIDDEN, "Org admin permission required");
  const query = db.select().from(o).orderBy(asc(o.createdAt), asc(o.id));
  return authority.global ? query : query.where(inArray(o.id, [...authority.orgs]));
}

/**
 * A new org comes with its admin permission (`auth:org:{uuid}`), which it may grant, and a role
 * "Administration" holding it, inside the caller's transaction.
 */
export async function insertOrg(tx: Db, now: Date, actor: Actor, displayName: string, adminPermissions: string[] = []): Promise<{ org: OrgRow; adminRoleId: string }> {
  const [org] = await tx.insert(o).values({ displayName, createdAt: now }).returning();
  const own = orgAdminPermission(org!.id);
  await tx.insert(tables.permissions).values({ id: own, displayName: `${displayName} Admin`, createdAt: now });
  await tx.insert(tables.orgPermissions).values([own, ...adminPermissions].map((permissionId) => ({ orgId: org!.id, permissionId })));
  const [role] = await tx.insert(tables.roles).values({ orgId: org!.id, displayName: "Administration", createdAt: now }).returning({ id: tables.roles.id });
  await tx.insert(tables.rolePermissions).values([own, ...adminPermissions].map((permissionId) => ({ roleId: role!.id, permissionId })));
  await recordAudit(tx, { action: "org.create", actor, subjectType: "org", subjectId: org!.id, changes: { displayName } }, now);
  return { org: org!, adminRoleId: role!.id };
}

export async function createOrg(db: Db, now: Date, authority: Authority, actor: Actor, displayName: string): Promise<OrgRow> {
  requireGlobalAdmin(authority);
  const name = checkDisplayName(displayName);
  return db.transaction(async (tx) => (await insertOrg(tx, now, actor, name)).org);
}

export async function renameOrg(db: Db, now: Date, authority: Authority, actor: Actor, id: string, displayName: string): Promise<OrgRow> {
  requireOrgAdmin(authority, id);
  const name = checkDisplayName(displayName);
  if (!isId(id)) throw orgNotFound();
  return db.transaction(async (tx) => {
    const [row] = await tx.update(o).set({ displayName: name }).where(eq(o.id, id)).returning();
    if (!row) throw orgNotFound();
    await recordAudit(tx, { action: "org.update", actor, subjectType: "org", subjectId: id, changes: { displayName: name } }, now);
    return row;
  });
}

/** Deletes the org with its roles, memberships and its own admin permission; its users stay, without an org. */
export async function deleteOrg(db: Db, now: Date, authority: Authority, actor: Actor, id: string): Promise<void> {
  requireGlobalAdmin(authority);
  if (!isId(id)) throw orgNotFound();
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(o).where(eq(o.id, id)).returning({ id: o.id });
    if (deleted.length === 0) throw orgNotFound();
    await tx.delete(tables.permissions).where(eq(tables.permissions.id, orgAdminPermission(id)));
    await recordAudit(tx, { action: "org.delete", actor, subjectType: "org", subjectId: id }, now);
  });
}

/** Lets (or stops) an org grant a permission to its roles; only a global admin decides what an org may grant. */
export async function setOrgPermission(db: Db, now: Date, authority: Authority, actor: Actor, orgId: string, permissionId: string, granted: boolean): Promise<void> {
  requireGlobalAdmin(authority);
  await db.transaction(async (tx) => {
    await requireOrg(tx, orgId);
    const [permission] = await tx.select().from(tables.permissions).where(eq(tables.permissions.id, permissionId)).limit(1);
    if (!permission) throw new DomainError(OrgErrorCode.PERMISSION_NOT_FOUND, "Permission not found");
    const op = tables.orgPermissions;
    if (granted) await tx.insert(op).values({ orgId, permissionId }).onConflictDoNothing();
    else await tx.delete(op).where(and(eq(op.orgId, orgId), eq(op.permissionId, permissionId)));
    await recordAudit(tx, { action: granted ? "org.permission.add" : "org.permission.remove", actor, subjectType: "org", subjectId: orgId, changes: { permissionId } }, now);
  });
}

/** The permissions an org may grant, sorted. */
export async function orgPermissionIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.select({ id: tables.orgPermissions.permissionId }).from(tables.orgPermissions).where(eq(tables.orgPermissions.orgId, orgId));
  return rows.map((r) => r.id).sort();
}
