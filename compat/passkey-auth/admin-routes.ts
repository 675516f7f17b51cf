import { reply, route, type Graph, type RouteDefinition } from "#compat/kit/index.js";
import type { GraphAccount, PasskeyDocument } from "./documents.js";
import { detail } from "./errors.js";
import {
  optionalPermissionBody,
  orgBody,
  orgParams,
  orgRoleParams,
  orgUserBody,
  orgUserCredentialParams,
  orgUserParams,
  permissionBody,
  permissionIdQuery,
  renameBody,
  rolePatchBody,
  roleBody,
  userRoleBody,
  displayNameBody,
} from "./schemas.js";
import { userInfoBody } from "./user-info.js";

const ok = reply(200, { status: "ok" });
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GraphOrg {
  id: string;
  displayName: string;
  permissions: string[];
  roles: { id: string; orgId: string; displayName: string; permissions: string[] }[];
  members: { userId: string; roleId: string; user: { displayName: string | null } }[];
}

/** A role named by its UUID or, as deployed clients also send it, by its display name within the org. */
async function roleIdOf(graph: Graph<PasskeyDocument>, orgId: string, role: string): Promise<string | undefined> {
  if (ID.test(role)) return role;
  const { org } = await graph.run<{ org: { roles: { id: string; displayName: string }[] } }>("orgRoles", { id: orgId });
  return org.roles.find((r) => r.displayName === role)?.id;
}

const orgJson = (org: GraphOrg) => ({
  uuid: org.id,
  display_name: org.displayName,
  permissions: org.permissions,
  roles: org.roles.map((r) => ({ uuid: r.id, org_uuid: r.orgId, display_name: r.displayName, permissions: r.permissions })),
  users: org.members.map((m) => ({ uuid: m.userId, display_name: m.user.displayName ?? "", role: org.roles.find((r) => r.id === m.roleId)?.displayName ?? null })),
});

/** `/auth/api/admin/...`: every rule (global `auth:admin`, org admin `auth:org:{uuid}`) is the graph's. */
export const adminRoutes: RouteDefinition<PasskeyDocument>[] = [
  route({
    method: "get",
    path: "/admin/orgs",
    async handle(_input, graph) {
      const { orgs } = await graph.run<{ orgs: GraphOrg[] }>("orgs");
      return reply(200, orgs.map(orgJson));
    },
  }),
  route({
    method: "post",
    path: "/admin/orgs",
    body: orgBody,
    async handle({ body }, graph) {
      const { createOrg } = await graph.run<{ createOrg: { id: string } }>("createOrg", { displayName: body.display_name });
      for (const permissionId of body.permissions ?? []) await graph.run("setOrgPermission", { orgId: createOrg.id, permissionId, granted: true });
      return reply(200, { uuid: createOrg.id });
    },
  }),
  route({
    method: "put",
    path: "/admin/orgs/:org",
    params: orgParams,
    body: orgBody,
    async handle({ params, body }, graph) {
      await graph.run("renameOrg", { id: params.org, displayName: body.display_name });
      return ok;
    },
  }),
  route({
    method: "delete",
    path: "/admin/orgs/:org",
    params: orgParams,
    async handle({ params }, graph) {
      await graph.run("deleteOrg", { id: params.org });
      return ok;
    },
  }),
  ...(["post", "delete"] as const).map((method) =>
    route({
      method,
      path: "/admin/orgs/:org/permission",
      params: orgParams,
      query: permissionIdQuery,
      body: optionalPermissionBody,
      async handle({ params, query, body }, graph) {
        const permissionId = query.permission_id ?? body?.permission_id ?? body?.id;
        if (!permissionId) return detail(400, "permission_id required");
        await graph.run("setOrgPermission", { orgId: params.org, permissionId, granted: method === "post" });
        return ok;
      },
    }),
  ),
  route({
    method: "post",
    path: "/admin/orgs/:org/roles",
    params: orgParams,
    body: roleBody,
    async handle({ params, body }, graph) {
      const { createRole } = await graph.run<{ createRole: { id: string } }>("createRole", { orgId: params.org, displayName: body.display_name, permissions: body.permissions });
      return reply(200, { uuid: createRole.id });
    },
  }),
  route({
    method: "put",
    path: "/admin/orgs/:org/roles/:role",
    params: orgRoleParams,
    body: rolePatchBody,
    async handle({ params, body }, graph) {
      await graph.run("updateRole", { orgId: params.org, roleId: params.role, displayName: body.display_name ?? null, permissions: body.permissions ?? null });
      return ok;
    },
  }),
  route({
    method: "delete",
    path: "/admin/orgs/:org/roles/:role",
    params: orgRoleParams,
    async handle({ params }, graph) {
      await graph.run("deleteRole", { orgId: params.org, roleId: params.role });
      return ok;
    },
  }),
  route({
    method: "post",
    path: "/admin/orgs/:org/users",
    params: orgParams,
    body: orgUserBody,
    async handle({ params, body }, graph) {
      const roleId = await roleIdOf(graph, params.org, body.role);
      if (!roleId) return detail(404, "Role not found");
      const { createOrgUser } = await graph.run<{ createOrgUser: { userId: string } }>("createOrgUser", { orgId: params.org, displayName: body.display_name, roleId });
      return reply(200, { uuid: createOrgUser.userId });
    },
  }),
  route({
    method: "put",
    path: "/admin/orgs/:org/users/:user/role",
    params: orgUserParams,
    body: userRoleBody,
    async handle({ params, body }, graph) {
      const roleId = await roleIdOf(graph, params.org, body.role);
      if (!roleId) return detail(404, "Role not found");
      await graph.run("setOrgUserRole", { orgId: params.org, userId: params.user, roleId });
      return ok;
    },
  }),
  route({
    method: "post",
    path: "/admin/orgs/:org/users/:user/create-link",
    params: orgUserParams,
    async handle({ params }, graph) {
      const { createPasskeyLink: link } = await graph.run<{ createPasskeyLink: { url: string; expiresAt: string } }>("createLink", { orgId: params.org, userId: params.user });
      return reply(200, { message: "Registration link generated successfully", url: link.url, expires: link.expiresAt });
    },
  }),
  route({
    method: "get",
    path: "/admin/orgs/:org/users/:user",
    params: orgUserParams,
    async handle({ params }, graph) {
      const { passkeyAccount } = await graph.run<{ passkeyAccount: GraphAccount }>("orgUser", { orgId: params.org, userId: params.user });
      const { authenticated: _a, session_type: _s, ...info } = userInfoBody(passkeyAccount, undefined);
      return reply(200, info);
    },
  }),
  route({
    method: "put",
    path: "/admin/orgs/:org/users/:user/display-name",
    params: orgUserParams,
    body: displayNameBody,
    async handle({ params, body }, graph) {
      await graph.run("setDisplayName", { displayName: body.display_name, orgId: params.org, userId: params.user });
      return ok;
    },
  }),
  route({
    method: "delete",
    path: "/admin/orgs/:org/users/:user/credentials/:credential",
    params: orgUserCredentialParams,
    async handle({ params }, graph) {
      await graph.run("deletePasskey", { id: params.credential, orgId: params.org, userId: params.user });
      return reply(200, { message: "Credential deleted successfully" });
    },
  }),
  route({
    method: "get",
    path: "/admin/permissions",
    async handle(_input, graph) {
      const { permissions } = await graph.run<{ permissions: { id: string; displayName: string }[] }>("permissions");
      return reply(200, permissions.map((p) => ({ id: p.id, display_name: p.displayName })));
    },
  }),
  route({
    method: "post",
    path: "/admin/permissions",
    body: permissionBody,
    async handle({ body }, graph) {
      await graph.run("createPermission", { id: body.id, displayName: body.display_name });
      return ok;
    },
  }),
  route({
    method: "put",
    path: "/admin/permission",
    query: permissionIdQuery,
    body: optionalPermissionBody,
    async handle({ query, body }, graph) {
      const id = query.permission_id ?? body?.permission_id ?? body?.id;
      if (!id || !body?.display_name) return detail(400, "permission_id and display_name required");
      await graph.run("updatePermission", { id, displayName: body.display_name });
      return ok;
    },
  }),
  route({
    method: "post",
    path: "/admin/permission/rename",
    body: renameBody,
    async handle({ body }, graph) {
      await graph.run("updatePermission", { id: body.old_id, newId: body.new_id, displayName: body.display_name ?? null });
      return ok;
    },
  }),
  route({
    method: "delete",
    path: "/admin/permission",
    query: permissionIdQuery,
    body: optionalPermissionBody,
    async handle({ query, body }, graph) {
      const id = query.permission_id ?? body?.permission_id ?? body?.id;
      if (!id) return detail(400, "permission_id required");
      await graph.run("deletePermission", { id });
      return ok;
    },
  }),
];
