import { sql } from "drizzle-orm";
import { bigserial, boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { pagedCreatedAt, randomIdColumn, tstz } from "./columns.js";
import { realms } from "./realms.js";

/**
 * One user model for every contract: the ID Broker uuid, OIDC sub, Galaxy user_id and passkey user_uuid are `id`,
 * a random UUIDv4 as the deployed broker makes it (users made before it keep their v7 ids).
 */
export const users = pgTable(
  "users",
  {
    id: randomIdColumn(),
    /** Stable numeric alias (the auth-service `userId`). */
    numericId: bigserial("numeric_id", { mode: "number" }).notNull(),
    realmId: uuid("realm_id").notNull().references(() => realms.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    email: text("email"),
    emailVerified: boolean("email_verified").notNull().default(false),
    firstName: text("first_name"),
    lastName: text("last_name"),
    displayName: text("display_name"),
    employeeId: text("employee_id"),
    active: boolean("active").notNull().default(true),
    locked: boolean("locked").notNull().default(false),
    hide: boolean("hide").notNull().default(false),
    managerEmail: text("manager_email"),
    personalEmail: text("personal_email"),
    groups: text("groups").array().notNull().default([]),
    locale: text("locale"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: pagedCreatedAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    lastLoginAt: tstz("last_login_at"),
    deactivatedAt: tstz("deactivated_at"),
    /** Tokens issued before this instant are dead: revoke-all without a scan. */
    notBefore: tstz("not_before"),
    /** The user must give a second factor at login even without one set up (ID Broker require_mfa). */
    requireMfa: boolean("require_mfa").notNull().default(false),
    /** Day-precision nag dates (UTC midnight): after one passes, a login reminds the user once per interval. */
    nagForMfaAfter: tstz("nag_for_mfa_after").notNull().default(sql`(date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '30 days')`),
    nagForMethodAfter: tstz("nag_for_method_after").notNull().default(sql`(date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '6 months')`),
    reviewProfileAfter: tstz("review_profile_after").notNull().default(sql`(date_trunc('day', now() at time zone 'utc') at time zone 'utc' + interval '6 months')`),
    /** A contingent account (no organisational e-mail) stops being active after this instant. */
    expiresOn: tstz("expires_on"),
  },
  (t) => [
    uniqueIndex("users_numeric_id_key").on(t.numericId),
    uniqueIndex("users_realm_username_key").on(t.realmId, sql`lower(${t.username})`),
    uniqueIndex("users_realm_email_key").on(t.realmId, sql`lower(${t.email})`),
    uniqueIndex("users_realm_employee_id_key").on(t.realmId, t.employeeId),
    /** The user list pages by (created_at, id) within a realm: ids are random. */
    index("users_realm_created_id_idx").on(t.realmId, t.createdAt, t.id),
  ],
);

export type UserRow = typeof users.$inferSelect;
