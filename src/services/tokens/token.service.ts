import type { JWTPayload } from "jose";
import type { RealmRow, SigningKeyRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { cachedRows } from "../cache/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { KeyCache, signJwt, verifyJwt } from "./jwt.js";
import { signingKeyEncryptionKey } from "./secrets-key.js";
import { activeKey, allKeys, ensureActiveKey, isUsable, keyOfRealm, rotateKeys, usableKeys } from "./signing-keys.js";

/** Signing keys of every realm and the JWTs signed with them. */
export function createTokenService({ db, clock, config, changes }: ServiceDeps) {
  // Every token signed or verified reads a key row: kept in process, dropped on every instance at a rotation.
  const cached = cachedRows<SigningKeyRow>("signing-keys", changes);
  let sealingKey: Buffer | undefined;
  const sealing = (): Buffer => {
    if (!config) throw new Error("the token service needs the server configuration (SECRETS_KEY, DATA_DIR)");
    return (sealingKey ??= signingKeyEncryptionKey(config));
  };
  const keys = new KeyCache(sealing);

  /** Signs with the realm's active key, loaded once for all the tokens of one response. */
  async function signer(realmId: string): Promise<(payload: JWTPayload) => Promise<string>> {
    const row = (await cached.get(`active:${realmId}`, () => activeKey(db, realmId))) ?? (await ensureActiveKey(db, realmId, sealing(), clock.now()));
    const key = await keys.privateKey(row);
    return (payload) => signJwt(key, row.id, payload);
  }

  function verify(realmId: string, token: string, issuer: string): Promise<JWTPayload> {
    const now = clock.now();
    return verifyJwt(token, {
      issuer,
      now,
      keyFor: async (kid) => {
        const row = await cached.get(`kid:${realmId}:${kid}`, () => keyOfRealm(db, realmId, kid));
        return row && isUsable(row, now) ? keys.publicKey(row) : undefined;
      },
    });
  }

  /** The public keys a client may verify with: the active one and retired ones still in their grace. */
  async function jwks(realmId: string): Promise<{ keys: Record<string, unknown>[] }> {
    await ensureActiveKey(db, realmId, sealing(), clock.now());
    const rows = await usableKeys(db, realmId, clock.now());
    return { keys: rows.map((row) => row.publicJwk) };
  }

  async function list(realmId: string): Promise<SigningKeyRow[]> {
    await ensureActiveKey(db, realmId, sealing(), clock.now());
    return allKeys(db, realmId);
  }

  async function rotate(realm: RealmRow, actor: Actor): Promise<SigningKeyRow> {
    const row = await rotateKeys(db, realm, sealing(), clock.now(), actor, cached.announce);
    cached.changed();
    return row;
  }

  /**
   * Makes sure the realm has a usable signing key: generates one if it has none, and decrypts
   * the active one, so a lost or changed SECRETS_KEY stops the start-up instead of a login.
   */
  async function prepare(realmId: string): Promise<void> {
    await signer(realmId);
  }

  return { signer, verify, jwks, list, rotate, prepare };
}

export type TokenService = ReturnType<typeof createTokenService>;
