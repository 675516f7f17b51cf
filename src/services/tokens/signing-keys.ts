import { and, desc, eq, gt, lt, or } from "drizzle-orm";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { v7 as uuidv7 } from "uuid";
import { tables, type Db } from "#src/db/index.js";
import type { RealmRow, SigningKeyRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { isId } from "../errors/index.js";
import type { SealedColumn, Sealer } from "../secrets/index.js";

/** Keycloak's default, and what every OIDC client accepts without configuration. */
export const SIGNING_ALGORITHM = "RS256";

const k = tables.signingKeys;

/** A fresh RS256 key pair as a row, its private half sealed; generated outside any transaction (it takes a while). */
async function newKeyRow(realmId: string, sealer: Sealer, now: Date) {
  const kid = uuidv7();
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(publicKey);
  return {
    id: kid,
    realmId,
    algorithm: SIGNING_ALGORITHM,
    status: "active" as const,
    publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: SIGNING_ALGORITHM, use: "sig" },
    privateKeyEncrypted: sealer.seal(kid, await exportPKCS8(privateKey)),
    createdAt: now,
  };
}

export async function activeKey(db: Db, realmId: string): Promise<SigningKeyRow | undefined> {
  const [row] = await db.select().from(k).where(and(eq(k.realmId, realmId), eq(k.status, "active"))).limit(1);
  return row;
}

/**
 * The realm's signing key, generated on first use. Instances racing here both generate, the
 * unique "one active key per realm" index keeps one, and both then sign with it.
 */
export async function ensureActiveKey(db: Db, realmId: string, sealer: Sealer, now: Date): Promise<SigningKeyRow> {
  const existing = await activeKey(db, realmId);
  if (existing) return existing;
  const row = await newKeyRow(realmId, sealer, now);
  await db.transaction(async (tx) => {
    const [inserted] = await tx.insert(k).values(row).onConflictDoNothing().returning({ id: k.id });
    if (inserted) {
      await recordAudit(tx, { action: "realm.signing_key.create", actor: { type: "system" }, subjectType: "realm", subjectId: realmId, changes: { kid: row.id, algorithm: row.algorithm } }, now);
    }
  });
  const active = await activeKey(db, realmId);
  if (!active) throw new Error(`realm ${realmId} has no active signing key`);
  return active;
}

/** A key that may still verify: the active one, or a retired one whose tokens may not all have expired. */
const usable = (now: Date) => or(eq(k.status, "active"), gt(k.verifyUntil, now));

/** A key of the realm by kid, usable or not: callers that keep it check isUsable at each use. */
export async function keyOfRealm(db: Db, realmId: string, kid: string): Promise<SigningKeyRow | undefined> {
  if (!isId(kid)) return undefined;
  const [row] = await db.select().from(k).where(and(eq(k.id, kid), eq(k.realmId, realmId))).limit(1);
  return row;
}

/** The same rule as `usable`, for a row held in memory. */
export function isUsable(row: SigningKeyRow, now: Date): boolean {
  return row.status === "active" || (row.verifyUntil !== null && row.verifyUntil > now);
}

export function usableKeys(db: Db, realmId: string, now: Date): Promise<SigningKeyRow[]> {
  return db.select().from(k).where(and(eq(k.realmId, realmId), usable(now))).orderBy(desc(k.createdAt), desc(k.id));
}

export function allKeys(db: Db, realmId: string): Promise<SigningKeyRow[]> {
  return db.select().from(k).where(eq(k.realmId, realmId)).orderBy(desc(k.createdAt), desc(k.id));
}

/** The longest any token signed now can live: access, refresh (session idle/max) and ID tokens alike. */
export function longestTokenLifetimeSeconds(realm: RealmRow): number {
  return Math.max(realm.accessTokenLifespan, realm.ssoSessionIdleTimeout, realm.ssoSessionMaxLifespan);
}

type NewKeyRow = Awaited<ReturnType<typeof newKeyRow>>;

/** Retires the realm's active key, which keeps verifying until every token it signed has expired, and inserts the new one. */
async function replaceActiveKey(tx: Db, realm: RealmRow, row: NewKeyRow, now: Date, actor: Actor, announce: (tx: Db) => Promise<void>): Promise<SigningKeyRow> {
  const verifyUntil = new Date(now.getTime() + longestTokenLifetimeSeconds(realm) * 1000);
  const retired = await tx
    .update(k)
    .set({ status: "retired", retiredAt: now, verifyUntil })
    .where(and(eq(k.realmId, realm.id), eq(k.status, "active")))
    .returning({ id: k.id });
  const [inserted] = await tx.insert(k).values(row).returning();
  await recordAudit(
    tx,
    { action: "realm.signing_keys.rotate", actor, subjectType: "realm", subjectId: realm.id, changes: { kid: row.id, retiredKids: retired.map((r) => r.id), verifyUntil } },
    now,
  );
  await announce(tx);
  return inserted!;
}

// Two rotations of one realm at once run one after the other.
const lockRealm = (tx: Db, realmId: string) => tx.select({ id: tables.realms.id }).from(tables.realms).where(eq(tables.realms.id, realmId)).for("update");

/** Makes a new key active and retires the old one (through the graph: rotateSigningKeys). */
export async function rotateKeys(db: Db, realm: RealmRow, sealer: Sealer, now: Date, actor: Actor, announce: (tx: Db) => Promise<void>): Promise<SigningKeyRow> {
  const row = await newKeyRow(realm.id, sealer, now);
  return db.transaction(async (tx) => {
    await lockRealm(tx, realm.id);
    return replaceActiveKey(tx, realm, row, now, actor, announce);
  });
}

/**
 * The scheduled rotation: every realm whose active key was made before `cutoff` gets a new one.
 * Under the realm's lock the active key is read again, so when several instances run this at
 * once the first rotates and the others find a fresh key and leave it. Returns the rotated realms' ids.
 */
export async function rotateKeysMadeBefore(db: Db, cutoff: Date, sealer: Sealer, now: Date, announce: (tx: Db) => Promise<void>): Promise<string[]> {
  const due = await db
    .select({ realm: tables.realms })
    .from(k)
    .innerJoin(tables.realms, eq(tables.realms.id, k.realmId))
    .where(and(eq(k.status, "active"), lt(k.createdAt, cutoff)));
  const rotated: string[] = [];
  for (const { realm } of due) {
    // Generated outside the transaction (it takes a while); wasted when another instance was first.
    const row = await newKeyRow(realm.id, sealer, now);
    const done = await db.transaction(async (tx) => {
      await lockRealm(tx, realm.id);
      const [active] = await tx.select({ createdAt: k.createdAt }).from(k).where(and(eq(k.realmId, realm.id), eq(k.status, "active")));
      if (!active || active.createdAt >= cutoff) return false;
      await replaceActiveKey(tx, realm, row, now, { type: "system" }, announce);
      return true;
    });
    if (done) rotated.push(realm.id);
  }
  return rotated;
}

/** Private halves of signing keys, sealed with their kid as associated data. */
export const signingKeySealedColumn: SealedColumn = {
  name: "signing keys",
  purpose: "signing-keys",
  table: k,
  key: k.id,
  sealed: k.privateKeyEncrypted,
  aadColumn: k.id,
  aad: (kid) => String(kid),
};
