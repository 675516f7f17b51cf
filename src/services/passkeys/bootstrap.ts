import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import { systemActor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { ADMIN_PERMISSION, insertOrg } from "../orgs/index.js";
import type { PasskeyDeps } from "./deps.js";
import { ADMIN_LINK_TTL_MS, createResetLink, type ResetLink } from "./reset-links.js";

/**
 * First start: the master admin permission, an org "Organization" whose role "Administration"
 * holds it, and a user "Admin" in that role with a one-time registration link, all in one
 * transaction. The permission's insert decides: of instances starting together on an empty
 * database, the one whose insert lands bootstraps, the others find it done. undefined: nothing to do.
 */
export async function bootstrapPasskeyAdmin(deps: PasskeyDeps): Promise<ResetLink | undefined> {
  const [existing] = await deps.db.select({ id: tables.permissions.id }).from(tables.permissions).where(eq(tables.permissions.id, ADMIN_PERMISSION)).limit(1);
  if (existing) return undefined;
  const realmId = await deps.realmId();
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const created = await tx.insert(tables.permissions).values({ id: ADMIN_PERMISSION, displayName: "Master Admin", createdAt: now }).onConflictDoNothing().returning();
    if (created.length === 0) return undefined;
    const { org, adminRoleId } = await insertOrg(tx, now, systemActor, "Organization", [ADMIN_PERMISSION]);
    // The id is the username too: a realm upgraded from before passkeys may already have an "admin".
    const id = randomUUID();
    const [user] = await tx.insert(tables.users).values({ id, realmId, username: id, displayName: "Admin", createdAt: now, updatedAt: now }).returning({ id: tables.users.id });
    await tx.insert(tables.orgMembers).values({ userId: user!.id, orgId: org.id, roleId: adminRoleId, createdAt: now });
    await recordAudit(tx, { action: "passkey.bootstrap", actor: systemActor, subjectType: "user", subjectId: user!.id, changes: { orgId: org.id, roleId: adminRoleId } }, now);
    return createResetLink(tx, now, user!.id, "user registration", ADMIN_LINK_TTL_MS);
  });
}
