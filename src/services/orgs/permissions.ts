import { asc, eq, inArray } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PermissionRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError, ErrorCode, uniqueViolation } from "../errors/index.js";
import { ADMIN_PERMISSION, requireGlobalAdmin, type Authority } from "./authority.js";
import { OrgErrorCode } from "./error-codes.js";

const p = tables.permissions;

/** Permission ids as reverse proxies match them: no spaces or commas (Remote-Groups is comma-joined). */
const PERMISSION_ID = /^[A-Za-z0-9:._*/-]{1,128}$/;

export function checkPermissionId(id: string): void {
  if (!PERMISSION_ID.test(id)) throw new DomainError(ErrorCode.BAD_USER_INPUT, "Permission id must be 1-128 characters of letters, digits and : . _ * / -", { field: "id" });
}

export function checkDisplayName(name: string, field = "displayName"): string {
  const trimmed = name.trim();
  if (!trimmed) throw new DomainError(ErrorCode.BAD_USER_INPUT, "display_name required", { field });
  if (trimmed.length > 64) throw new DomainError(ErrorCode.BAD_USER_INPUT, "display_name too long", { field });
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new DomainError(ErrorCode.BAD_USER_INPUT, "display_name must not contain control characters", { field });
  return trimmed;
}

/** Every permission to a global admin; to an org admin, those their orgs may grant. */
export async function listPermissions(db: Db, authority: Authority): Promise<PermissionRow[]> {
  if (authority.global) return db.select().from(p).orderBy(asc(p.id));
  if (authority.orgs.size === 0) throw new DomainError(ErrorCode.FORBIDDEN, "Org admin permission required");
  const grantable = db.select({ id: tables.orgPermissions.permissionId }).from(tables.orgPermissions).where(inArray(tables.orgPermissions.orgId, [...authority.orgs]));
  return db.select().from(p).where(inArray(p.id, grantable)).orderBy(asc(p.id));
}

export async function createPermission(db: Db, now: Date, authority: Authority, actor: Actor, id: string, displayName: string): Promise<PermissionRow> {
  requireGlobalAdmin(authority);
  checkPermissionId(id);
  const name = checkDisplayName(displayName);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(p).values({ id, displayName: name, createdAt: now }).returning();
      await recordAudit(tx, { action: "permission.create", actor, subjectType: "permission", subjectId: id, changes: { displayName: name } }, now);
      return row!;
    });
  } catch (error) {
    if (uniqueViolation(error) !== undefined) throw new DomainError(OrgErrorCode.PERMISSION_EXISTS, `Permission ${id} already exists`);
    throw error;
  }
}

/** Renames (a new id, every grant follows by ON UPDATE CASCADE) and/or sets the display name. */
export async function updatePermission(db: Db, now: Date, authority: Authority, actor: Actor, id: string, patch: { newId?: string | null; displayName?: string | null }): Promise<PermissionRow> {
  requireGlobalAdmin(authority);
  const newId = patch.newId ?? undefined;
  if (newId !== undefined && newId !== id) {
    if (id === ADMIN_PERMISSION) throw new DomainError(OrgErrorCode.ORG_RULE, "Cannot rename the master admin permission");
    checkPermissionId(newId);
  }
  const displayName = patch.displayName == null ? undefined : checkDisplayName(patch.displayName);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.update(p).set({ ...(newId ? { id: newId } : {}), ...(displayName ? { displayName } : {}) }).where(eq(p.id, id)).returning();
      if (!row) throw new DomainError(OrgErrorCode.PERMISSION_NOT_FOUND, "Permission not found");
      await recordAudit(tx, { action: "permission.update", actor, subjectType: "permission", subjectId: row.id, changes: { from: id, displayName } }, now);
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error) !== undefined) throw new DomainError(OrgErrorCode.PERMISSION_EXISTS, `Permission ${newId} already exists`);
    throw error;
  }
}

export async function deletePermission(db: Db, now: Date, authority: Authority, actor: Actor, id: string): Promise<void> {
  requireGlobalAdmin(authority);
  if (id === ADMIN_PERMISSION) throw new DomainError(OrgErrorCode.ORG_RULE, "Cannot delete the master admin permission");
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(p).where(eq(p.id, id)).returning({ id: p.id });
    if (deleted.length === 0) throw new DomainError(OrgErrorCode.PERMISSION_NOT_FOUND, "Permission not found");
    await recordAudit(tx, { action: "permission.delete", actor, subjectType: "permission", subjectId: id }, now);
  });
}
