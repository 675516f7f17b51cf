import { asc, eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { RealmRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { cachedRows } from "../cache/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { conflictFrom, DomainError, ErrorCode, notFound } from "../errors/index.js";

export const REALM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface RealmSettings {
  displayName?: string | null;
  enabled?: boolean;
  accessTokenLifespan?: number;
  ssoSessionIdleTimeout?: number;
  ssoSessionMaxLifespan?: number;
  revokeRefreshToken?: boolean;
  refreshTokenMaxReuse?: number;
}

export function createRealmService({ db, clock, changes }: ServiceDeps) {
  // Every protocol request reads its realm: kept in process, dropped on every instance when one changes.
  const cached = cachedRows<RealmRow>("realms", changes);

  function find(name: string): Promise<RealmRow | undefined> {
    return cached.get(`name:${name}`, async () => {
      const [row] = await db.select().from(tables.realms).where(eq(tables.realms.name, name)).limit(1);
      return row;
    });
  }

  async function require(name: string): Promise<RealmRow> {
    const row = await find(name);
    if (!row) throw notFound(ErrorCode.REALM_NOT_FOUND, `realm '${name}'`);
    return row;
  }

  function byId(id: string): Promise<RealmRow | undefined> {
    return cached.get(`id:${id}`, async () => {
      const [row] = await db.select().from(tables.realms).where(eq(tables.realms.id, id)).limit(1);
      return row;
    });
  }

  function list(): Promise<RealmRow[]> {
    return db.select().from(tables.realms).orderBy(asc(tables.realms.name));
  }

  async function create(name: string, settings: RealmSettings, actor: Actor): Promise<RealmRow> {
    if (!REALM_NAME.test(name)) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, "realm name must be 1-64 letters, digits, '_' or '-'", { field: "name" });
    }
    try {
      return await db.transaction(async (tx) => {
        const [row] = await tx.insert(tables.realms).values({ name, ...settings }).returning();
        await recordAudit(tx, { action: "realm.create", actor, subjectType: "realm", subjectId: row!.id, changes: { name, ...settings } }, clock.now());
        return row!;
      });
    } catch (error) {
      throw conflictFrom(error, { realms_name_key: () => new DomainError(ErrorCode.REALM_EXISTS, `realm '${name}' already exists`, { field: "name" }) }) ?? error;
    }
  }

  async function update(name: string, settings: RealmSettings, actor: Actor): Promise<RealmRow> {
    const updated = await db.transaction(async (tx) => {
      const [row] = await tx.update(tables.realms).set(settings).where(eq(tables.realms.name, name)).returning();
      if (!row) throw notFound(ErrorCode.REALM_NOT_FOUND, `realm '${name}'`);
      await recordAudit(tx, { action: "realm.update", actor, subjectType: "realm", subjectId: row.id, changes: { ...settings } }, clock.now());
      await cached.announce(tx);
      return row;
    });
    cached.changed();
    return updated;
  }

  return { find, require, byId, list, create, update };
}

export type RealmService = ReturnType<typeof createRealmService>;
