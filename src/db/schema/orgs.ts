import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, randomIdColumn } from "./columns.js";
import { users } from "./users.js";

/**
 * Permissions are named by their id (`auth:admin`, `auth:org:{uuid}`, `app:read`), as reverse
 * proxies see them in Remote-Groups. A rename moves every grant with it (ON UPDATE CASCADE).
 */
export const permissions = pgTable("permissions", {
  id: text("id").primaryKey(),
  displayName: text("display_name").notNull(),
  createdAt: createdAt(),
});

/** An organisation: its users hold one of its roles. */
export const orgs = pgTable("orgs", {
  id: randomIdColumn(),
  displayName: text("display_name").notNull(),
  createdAt: createdAt(),
});

/** The permissions an org may grant to its roles. */
export const orgPermissions = pgTable(
  "org_permissions",
  {
    orgId: uuid("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    permissionId: text("permission_id").notNull().references(() => permissions.id, { onDelete: "cascade", onUpdate: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.permissionId] }), index("org_permissions_permission_idx").on(t.permissionId)],
);

export const roles = pgTable(
  "roles",
  {
    id: randomIdColumn(),
    orgId: uuid("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    displayName: text("display_name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("roles_org_idx").on(t.orgId)],
);

export const rolePermissions = pgTable(
  "role_permissions",
  {
    roleId: uuid("role_id").notNull().references(() => roles.id, { onDelete: "cascade" }),
    permissionId: text("permission_id").notNull().references(() => permissions.id, { onDelete: "cascade", onUpdate: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permissionId] }), index("role_permissions_permission_idx").on(t.permissionId)],
);

/** A user belongs to at most one org, through one of its roles (the passkey contract's User.role_uuid). */
export const orgMembers = pgTable(
  "org_members",
  {
    userId: uuid("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
    orgId: uuid("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    // NO ACTION, checked at the end of the statement: deleting an org removes its members and roles together,
    // while a role deleted alone with members left is refused (the service says so in words first).
    roleId: uuid("role_id").notNull().references(() => roles.id),
    createdAt: createdAt(),
  },
  (t) => [index("org_members_org_idx").on(t.orgId, t.createdAt), index("org_members_role_idx").on(t.roleId)],
);

export type PermissionRow = typeof permissions.$inferSelect;
export type OrgRow = typeof orgs.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type OrgMemberRow = typeof orgMembers.$inferSelect;
