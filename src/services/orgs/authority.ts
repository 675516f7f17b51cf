import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import { Scope, type Principal } from "../access/index.js";
import { DomainError, ErrorCode, isId } from "../errors/index.js";

/** The master admin permission: everything, everywhere. */
export const ADMIN_PERMISSION = "auth:admin";
/** An org's admin permission: everything within that org. */
export const orgAdminPermission = (orgId: string) => `auth:org:${orgId}`;

/** What a caller may administer: every org, or the orgs whose admin permission its role holds. */
export interface Authority {
  global: boolean;
  orgs: ReadonlySet<string>;
  /** The calling user, for the rules about oneself. */
  userId?: string;
}

const everything: Authority = { global: true, orgs: new Set() };

/** The permissions of a user's role, sorted. */
export async function permissionsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: tables.rolePermissions.permissionId })
    .from(tables.orgMembers)
    .innerJoin(tables.rolePermissions, eq(tables.rolePermissions.roleId, tables.orgMembers.roleId))
    .where(eq(tables.orgMembers.userId, userId));
  return rows.map((r) => r.id).sort();
}

export function authorityFromPermissions(permissions: readonly string[], userId?: string): Authority {
  // Only a UUID can name an org: a permission such as `auth:org:*` grants none.
  const orgs = new Set(permissions.filter((p) => p.startsWith("auth:org:")).map((p) => p.slice("auth:org:".length)).filter(isId));
  return { global: permissions.includes(ADMIN_PERMISSION), orgs, userId };
}

/** Admin keys, trusted services and admin-scoped API keys administer everything; a user what their role grants. */
export async function authorityOf(db: Db, principal: Principal): Promise<Authority> {
  switch (principal.kind) {
    case "admin":
    case "service":
      return everything;
    case "api_key":
      if (principal.scopes.includes(Scope.ADMIN)) return everything;
      throw new DomainError(ErrorCode.FORBIDDEN, "not allowed: admin");
    case "user":
      return authorityFromPermissions(await permissionsOfUser(db, principal.userId), principal.userId);
    case "anonymous":
      throw new DomainError(ErrorCode.UNAUTHENTICATED, "authentication required");
  }
}

export const canAdministerOrg = (authority: Authority, orgId: string) => authority.global || authority.orgs.has(orgId);

export function requireGlobalAdmin(authority: Authority): void {
  if (!authority.global) throw new DomainError(ErrorCode.FORBIDDEN, "Global admin permission required");
}

export function requireOrgAdmin(authority: Authority, orgId: string): void {
  if (!canAdministerOrg(authority, orgId)) throw new DomainError(ErrorCode.FORBIDDEN, "Org admin permission required");
}
