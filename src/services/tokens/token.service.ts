import type { JWTPayload } from "jose";
import type { RealmRow, SigningKeyRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { cachedRows } from "../cache/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { KeyCache, signJwt, TokenRejected, verifyJwt } from "./jwt.js";
import { lazyKeyRing, sealer } from "../secrets/index.js";
import { VerifiedTokens } from "./verified-tokens.js";
import { activeKey, allKeys, ensureActiveKey, isUsable, keyOfRealm, rotateKeys, rotateKeysMadeBefore, usableKeys } from "./signing-keys.js";

/** About 10 MB of tokens at most: enough for the live tokens of a busy instance. */
const VERIFIED_TOKENS_KEPT = 10_000;
const DAY_MS = 86_400_000;

/** Signing keys of every realm and the JWTs signed with them. */
export function createTokenService({ db, clock, config, changes }: ServiceDeps) {
  // Every token signed or verified reads a key row: kept in process, dropped on every instance at a rotation.
  const cached = cachedRows<SigningKeyRow>("signing-keys", changes);
  const sealed = sealer(
    lazyKeyRing(config, () => new Error("the token service needs the server configuration (SECRETS_KEY, DATA_DIR)")),
    "signing-keys",
  );
  const keys = new KeyCache(sealed);
  const verified = new VerifiedTokens(VERIFIED_TOKENS_KEPT);

  /** Signs with the realm's active key, loaded once for all the tokens of one response. */
  async function signer(realmId: string): Promise<(payload: JWTPayload) => Promise<string>> {
    const row = (await cached.get(`active:${realmId}`, () => activeKey(db, realmId))) ?? (await ensureActiveKey(db, realmId, sealed, clock.now()));
    const key = await keys.privateKey(row);
    return (payload) => signJwt(key, row.id, payload);
  }

  const usableKey = async (realmId: string, kid: string, now: Date) => {
    const row = await cached.get(`kid:${realmId}:${kid}`, () => keyOfRealm(db, realmId, kid));
    return row && isUsable(row, now) ? row : undefined;
  };

  /**
   * An RS256 token of the realm's issuer, signed by a key the realm may still use, unexpired.
   * requiredClaims: the claims a token of another shape than OIDC's must carry (auth-service tickets).
   */
  async function verify(realmId: string, token: string, issuer: string, requiredClaims?: string[]): Promise<JWTPayload> {
    const now = clock.now();
    const known = verified.get(token, realmId, issuer);
    if (known) {
      // jose's rules for the time claims (no clock tolerance); the signature was checked when first seen.
      const seconds = Math.floor(now.getTime() / 1000);
      if (known.payload.exp !== undefined && known.payload.exp <= seconds) {
        const stillSigned = await usableKey(realmId, known.kid, now);
        throw new TokenRejected("expired", "token has expired", stillSigned ? known.payload : undefined);
      }
      if (known.payload.nbf !== undefined && known.payload.nbf > seconds) throw new TokenRejected("invalid", "token is not yet valid");
      if (!(await usableKey(realmId, known.kid, now))) throw new TokenRejected("invalid", "unknown signing key");
      return known.payload;
    }
    let kid = "";
    const payload = await verifyJwt(token, {
      issuer,
      now,
      requiredClaims,
      keyFor: async (headerKid) => {
        kid = headerKid;
        const row = await usableKey(realmId, headerKid, now);
        return row ? keys.publicKey(row) : undefined;
      },
    });
    verified.remember(token, { realmId, issuer, kid, payload });
    return payload;
  }

  /** The public keys a client may verify with: the active one and retired ones still in their grace. */
  async function jwks(realmId: string): Promise<{ keys: Record<string, unknown>[] }> {
    await ensureActiveKey(db, realmId, sealed, clock.now());
    const rows = await usableKeys(db, realmId, clock.now());
    return { keys: rows.map((row) => row.publicJwk) };
  }

  async function list(realmId: string): Promise<SigningKeyRow[]> {
    await ensureActiveKey(db, realmId, sealed, clock.now());
    return allKeys(db, realmId);
  }

  async function rotate(realm: RealmRow, actor: Actor): Promise<SigningKeyRow> {
    const row = await rotateKeys(db, realm, sealed, clock.now(), actor, cached.announce);
    cached.changed();
    return row;
  }

  /** The scheduled rotation (SIGNING_KEY_ROTATION_DAYS, 0: never): realms whose active key is that old get a new one. */
  async function rotateDue(): Promise<string[]> {
    const days = config?.signingKeyRotationDays ?? 0;
    if (days === 0) return [];
    const now = clock.now();
    const rotated = await rotateKeysMadeBefore(db, new Date(now.getTime() - days * DAY_MS), sealed, now, cached.announce);
    if (rotated.length > 0) cached.changed();
    return rotated;
  }

  /**
   * Makes sure the realm has a usable signing key: generates one if it has none, and decrypts
   * the active one, so a lost or changed SECRETS_KEY stops the start-up instead of a login.
   */
  async function prepare(realmId: string): Promise<void> {
    await signer(realmId);
  }

  return { signer, verify, jwks, list, rotate, rotateDue, prepare };
}

export type TokenService = ReturnType<typeof createTokenService>;
