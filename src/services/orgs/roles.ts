import { asc, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { RoleRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError, isId } from "../errors/index.js";
import { ADMIN_PERMISSION, orgAdminPermission, requireOrgAdmin, type Authority } from "./authority.js";
import { OrgErrorCode } from "./error-codes.js";
import { orgPermissionIds, requireOrg } from "./orgs.js";
import { checkDisplayName } from "./permissions.js";

const r = tables.roles;
const rp = tables.rolePermissions;

export const roleNotFound = () => new DomainError(OrgErrorCode.ROLE_NOT_FOUND, "Role not found");

export async function requireRoleOf(db: Db, orgId: string, roleId: string): Promise<RoleRow> {
  if (!isId(roleId)) throw roleNotFound();
  const [row] = await db.select().from(r).where(eq(r.id, roleId)).limit(1);
  if (!row || row.orgId !== orgId) throw roleNotFound();
  return row;
}

export const listRoles = (db: Db, orgId: string) => db.select().from(r).where(eq(r.orgId, orgId)).orderBy(asc(r.createdAt), asc(r.id));

export async function rolePermissionIds(db: Db, roleId: string): Promise<string[]> {
  const rows = await db.select({ id: rp.permissionId }).from(rp).where(eq(rp.roleId, roleId));
  return rows.map((row) => row.id).sort();
}

/** Whether holding these permissions keeps someone an admin of the org. */
export const keepsAdmin = (permissions: readonly string[], orgId: string) => permissions.includes(ADMIN_PERMISSION) || permissions.includes(orgAdminPermission(orgId));

export const cannotDemoteSelf = () => new DomainError(OrgErrorCode.ORG_RULE, "Cannot change your own role to one without admin permissions");

/** A role may hold only what its org may grant. */
async function checkGrantable(db: Db, orgId: string, permissions: readonly string[]): Promise<string[]> {
  const grantable = new Set(await orgPermissionIds(db, orgId));
  const unique = [...new Set(permissions)].sort();
  const refused = unique.filter((p) => !grantable.has(p));
  if (refused.length > 0) throw new DomainError(OrgErrorCode.ORG_RULE, `The organization cannot grant: ${refused.join(", ")}`);
  return unique;
}

export async function createRole(db: Db, now: Date, authority: Authority, actor: Actor, orgId: string, displayName: string, permissions: string[]): Promise<RoleRow> {
  requireOrgAdmin(authority, orgId);
  const name = checkDisplayName(displayName);
  return db.transaction(async (tx) => {
    await requireOrg(tx, orgId);
    const granted = await checkGrantable(tx, orgId, permissions);
    const [role] = await tx.insert(r).values({ orgId, displayName: name, createdAt: now }).returning();
    if (granted.length > 0) await tx.insert(rp).values(granted.map((permissionId) => ({ roleId: role!.id, permissionId })));
    await recordAudit(tx, { action: "role.create", actor, subjectType: "role", subjectId: role!.id, changes: { orgId, displayName: name, permissions: granted } }, now);
    return role!;
  });
}

/** Renames a role and/or replaces its permissions; the caller's own role must keep them an admin. */
export async function updateRole(
  db: Db,
  now: Date,
  authority: Authority,
  actor: Actor,
  orgId: string,
  roleId: string,
  patch: { displayName?: string | null; permissions?: string[] | null },
): Promise<RoleRow> {
  requireOrgAdmin(authority, orgId);
  const name = patch.displayName == null ? undefined : checkDisplayName(patch.displayName);
  return db.transaction(async (tx) => {
    const role = await requireRoleOf(tx, orgId, roleId);
    if (patch.permissions) {
      const granted = await checkGrantable(tx, orgId, patch.permissions);
      if (authority.userId) {
        // Editing one's own role: every admin permission it held must stay.
        const [own] = await tx.select().from(tables.orgMembers).where(eq(tables.orgMembers.userId, authority.userId)).limit(1);
        if (own?.roleId === roleId) {
          const before = await rolePermissionIds(tx, roleId);
          if ([ADMIN_PERMISSION, orgAdminPermission(orgId)].some((p) => before.includes(p) && !granted.includes(p))) throw cannotDemoteSelf();
        }
      }
      await tx.delete(rp).where(eq(rp.roleId, roleId));
      if (granted.length > 0) await tx.insert(rp).values(granted.map((permissionId) => ({ roleId, permissionId })));
    }
    const [updated] = name ? await tx.update(r).set({ displayName: name }).where(eq(r.id, roleId)).returning() : [role];
    await recordAudit(tx, { action: "role.update", actor, subjectType: "role", subjectId: roleId, changes: { displayName: name, permissions: patch.permissions ?? undefined } }, now);
    return updated!;
  });
}

export async function deleteRole(db: Db, now: Date, authority: Authority, actor: Actor, orgId: string, roleId: string): Promise<void> {
  requireOrgAdmin(authority, orgId);
  await db.transaction(async (tx) => {
    await requireRoleOf(tx, orgId, roleId);
    const [member] = await tx.select({ userId: tables.orgMembers.userId }).from(tables.orgMembers).where(eq(tables.orgMembers.roleId, roleId)).limit(1);
    if (member) throw new DomainError(OrgErrorCode.ORG_RULE, "Cannot delete a role that has users");
    await tx.delete(r).where(eq(r.id, roleId));
    await recordAudit(tx, { action: "role.delete", actor, subjectType: "role", subjectId: roleId, changes: { orgId } }, now);
  });
}
