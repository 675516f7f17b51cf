import { graph, type UserInfo } from "../api.js";
import { actionButton, actionForm, h, when } from "../dom.js";
import type { Page } from "./page.js";

interface Role {
  id: string;
  displayName: string;
  permissions: string[];
}
interface Org {
  id: string;
  displayName: string;
  permissions: string[];
  roles: Role[];
  members: { userId: string; roleId: string; user: { displayName: string | null } }[];
}
interface Permission {
  id: string;
  displayName: string;
}

const ORGS = `query AdminOrgs { orgs { id displayName permissions roles { id displayName permissions } members { userId roleId user { displayName } } } }`;
const PERMISSIONS = `query AdminPermissions { permissions { id displayName } }`;

const list = (text: string) => text.split(",").map((p) => p.trim()).filter(Boolean);

/** Orgs, their roles and users, and the permissions, through the graph; what the caller may not see the graph refuses. */
export async function adminPage(user: UserInfo, page: Page): Promise<Node[]> {
  const header = h("nav", {}, h("a", { href: page.path("") }, "Your account"));
  if (!user.is_global_admin && !user.is_org_admin) return [header, h("h1", {}, "Administration"), h("p", { class: "error" }, "Your account has no administration rights.")];

  const [{ orgs }, permissions] = await Promise.all([
    graph<{ orgs: Org[] }>(ORGS),
    // Only a global admin manages the permissions themselves.
    user.is_global_admin ? graph<{ permissions: Permission[] }>(PERMISSIONS).then((d) => d.permissions) : Promise.resolve(undefined),
  ]);
  const reload = async () => page.reload();

  const orgSection = (org: Org) => {
    const roleName = (id: string) => org.roles.find((r) => r.id === id)?.displayName ?? id;
    const roleSelect = (selected?: string) =>
      h("select", { name: "role", "aria-label": "Role" }, ...org.roles.map((r) => h("option", { value: r.id, selected: r.id === selected }, r.displayName)));
    const linkOut = h("div", {});
    return h(
      "section",
      { class: "card", "data-org": org.id },
      h("h2", {}, org.displayName),
      h("p", { class: "muted" }, `Permissions the org may grant: ${org.permissions.join(", ") || "none"}`),
      user.is_global_admin && permissions
        ? actionForm(
            [h("select", { name: "permission", "aria-label": "Permission" }, ...permissions.map((p) => h("option", { value: p.id }, p.id))), h("label", {}, h("input", { type: "checkbox", name: "granted", checked: true }), " granted")],
            "Set",
            async (data) => {
              await graph(`mutation($orgId: ID!, $permissionId: ID!, $granted: Boolean!) { setOrgPermission(orgId: $orgId, permissionId: $permissionId, granted: $granted) }`, {
                orgId: org.id,
                permissionId: String(data.get("permission")),
                granted: data.get("granted") === "on",
              });
              await reload();
            },
          )
        : null,
      h("h3", {}, "Roles"),
      h(
        "table",
        {},
        h("tbody", {}, ...org.roles.map((r) => h("tr", {}, h("td", {}, r.displayName), h("td", { class: "muted" }, r.permissions.join(", ") || "—"), h("td", {}, actionButton("Delete", async () => {
          await graph(`mutation($orgId: ID!, $roleId: ID!) { deleteRole(orgId: $orgId, roleId: $roleId) }`, { orgId: org.id, roleId: r.id });
          await reload();
        }, "danger"))))),
      ),
      actionForm(
        [h("input", { name: "name", required: true, placeholder: "Role name", "aria-label": "Role name" }), h("input", { name: "permissions", placeholder: "Permissions, comma-separated", "aria-label": "Role permissions" })],
        "Add role",
        async (data) => {
          await graph(`mutation($orgId: ID!, $displayName: String!, $permissions: [String!]!) { createRole(orgId: $orgId, displayName: $displayName, permissions: $permissions) { id } }`, {
            orgId: org.id,
            displayName: String(data.get("name")),
            permissions: list(String(data.get("permissions"))),
          });
          await reload();
        },
        { "data-form": "add-role" },
      ),
      h("h3", {}, "Users"),
      h(
        "table",
        { "data-table": "members" },
        h(
          "tbody",
          {},
          ...org.members.map((m) =>
            h(
              "tr",
              { "data-user": m.userId },
              h("td", {}, m.user.displayName ?? "(no name)"),
              h("td", {}, actionForm([roleSelect(m.roleId)], "Set role", async (data) => {
                await graph(`mutation($orgId: ID!, $userId: ID!, $roleId: ID!) { setOrgUserRole(orgId: $orgId, userId: $userId, roleId: $roleId) { roleId } }`, {
                  orgId: org.id,
                  userId: m.userId,
                  roleId: String(data.get("role")),
                });
                await reload();
              })),
              h("td", {}, actionButton("Registration link", async () => {
                const { createPasskeyLink: link } = await graph<{ createPasskeyLink: { url: string; expiresAt: string } }>(
                  `mutation($orgId: ID, $userId: ID) { createPasskeyLink(orgId: $orgId, userId: $userId) { url expiresAt } }`,
                  { orgId: org.id, userId: m.userId },
                );
                linkOut.replaceChildren(h("p", {}, `Link for ${m.user.displayName ?? roleName(m.roleId)} (until ${when(link.expiresAt)}):`), h("code", { class: "link" }, link.url));
              }, "secondary")),
            ),
          ),
        ),
      ),
      linkOut,
      org.roles.length
        ? actionForm([h("input", { name: "name", required: true, placeholder: "Display name", "aria-label": "New user's name" }), roleSelect()], "Add user", async (data) => {
            await graph(`mutation($orgId: ID!, $displayName: String!, $roleId: ID!) { createOrgUser(orgId: $orgId, displayName: $displayName, roleId: $roleId) { userId } }`, {
              orgId: org.id,
              displayName: String(data.get("name")),
              roleId: String(data.get("role")),
            });
            await reload();
          }, { "data-form": "add-user" })
        : h("p", { class: "muted" }, "Add a role before adding users."),
    );
  };

  return [
    header,
    h("h1", {}, "Administration"),
    ...orgs.map(orgSection),
    user.is_global_admin
      ? h(
          "section",
          { class: "card", id: "new-org" },
          h("h2", {}, "New organization"),
          actionForm([h("input", { name: "name", required: true, placeholder: "Organization name", "aria-label": "Organization name" })], "Create", async (data) => {
            await graph(`mutation($displayName: String!) { createOrg(displayName: $displayName) { id } }`, { displayName: String(data.get("name")) });
            await reload();
          }),
        )
      : null,
    permissions
      ? h(
          "section",
          { class: "card", id: "permissions" },
          h("h2", {}, "Permissions"),
          h("table", {}, h("tbody", {}, ...permissions.map((p) => h("tr", {}, h("td", {}, h("code", {}, p.id)), h("td", {}, p.displayName), h("td", {}, actionButton("Delete", async () => {
            await graph(`mutation($id: ID!) { deletePermission(id: $id) }`, { id: p.id });
            await reload();
          }, "danger")))))),
          actionForm(
            [h("input", { name: "id", required: true, placeholder: "id, e.g. app:read", "aria-label": "Permission id" }), h("input", { name: "name", required: true, placeholder: "Name", "aria-label": "Permission name" })],
            "Add permission",
            async (data) => {
              await graph(`mutation($id: ID!, $displayName: String!) { createPermission(id: $id, displayName: $displayName) { id } }`, { id: String(data.get("id")), displayName: String(data.get("name")) });
              await reload();
            },
            { "data-form": "add-permission" },
          ),
        )
      : null,
  ].filter((n): n is HTMLElement => n !== null);
}
