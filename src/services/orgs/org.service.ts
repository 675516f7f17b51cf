import type { Actor, Principal } from "../access/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { authorityOf, type Authority } from "./authority.js";
import { createMember, listMembers, membershipDetail, membershipOf, requireMember, setDisplayName, setMemberRole } from "./members.js";
import { createOrg, deleteOrg, listOrgs, orgPermissionIds, renameOrg, requireOrg, setOrgPermission } from "./orgs.js";
import { createPermission, deletePermission, listPermissions, updatePermission } from "./permissions.js";
import { createRole, deleteRole, listRoles, rolePermissionIds, updateRole } from "./roles.js";
import { requireOrgAdmin } from "./authority.js";

/** Orgs, roles, permissions and memberships, each change checked against the caller's authority. */
export function createOrgService({ db, clock }: ServiceDeps) {
  const now = () => clock.now();
  return {
    authorityOf: (principal: Principal) => authorityOf(db, principal),
    permissions: {
      list: (a: Authority) => listPermissions(db, a),
      create: (a: Authority, actor: Actor, id: string, displayName: string) => createPermission(db, now(), a, actor, id, displayName),
      update: (a: Authority, actor: Actor, id: string, patch: { newId?: string | null; displayName?: string | null }) => updatePermission(db, now(), a, actor, id, patch),
      delete: (a: Authority, actor: Actor, id: string) => deletePermission(db, now(), a, actor, id),
    },
    list: (a: Authority) => listOrgs(db, a),
    async require(a: Authority, id: string) {
      requireOrgAdmin(a, id);
      return requireOrg(db, id);
    },
    create: (a: Authority, actor: Actor, displayName: string) => createOrg(db, now(), a, actor, displayName),
    rename: (a: Authority, actor: Actor, id: string, displayName: string) => renameOrg(db, now(), a, actor, id, displayName),
    delete: (a: Authority, actor: Actor, id: string) => deleteOrg(db, now(), a, actor, id),
    setPermission: (a: Authority, actor: Actor, orgId: string, permissionId: string, granted: boolean) => setOrgPermission(db, now(), a, actor, orgId, permissionId, granted),
    grantable: (orgId: string) => orgPermissionIds(db, orgId),
    roles: {
      list: (orgId: string) => listRoles(db, orgId),
      permissionsOf: (roleId: string) => rolePermissionIds(db, roleId),
      create: (a: Authority, actor: Actor, orgId: string, displayName: string, permissions: string[]) => createRole(db, now(), a, actor, orgId, displayName, permissions),
      update: (a: Authority, actor: Actor, orgId: string, roleId: string, patch: { displayName?: string | null; permissions?: string[] | null }) =>
        updateRole(db, now(), a, actor, orgId, roleId, patch),
      delete: (a: Authority, actor: Actor, orgId: string, roleId: string) => deleteRole(db, now(), a, actor, orgId, roleId),
    },
    members: {
      list: (orgId: string) => listMembers(db, orgId),
      of: (userId: string) => membershipOf(db, userId),
      detail: (userId: string) => membershipDetail(db, userId),
      async require(a: Authority, orgId: string, userId: string) {
        requireOrgAdmin(a, orgId);
        return requireMember(db, orgId, userId);
      },
      create: (a: Authority, actor: Actor, realmId: string, orgId: string, input: { displayName: string; roleId: string }) => createMember(db, now(), a, actor, realmId, orgId, input),
      setRole: (a: Authority, actor: Actor, orgId: string, userId: string, roleId: string) => setMemberRole(db, now(), a, actor, orgId, userId, roleId),
    },
    setDisplayName: (actor: Actor, userId: string, displayName: string) => setDisplayName(db, now(), actor, userId, displayName),
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
