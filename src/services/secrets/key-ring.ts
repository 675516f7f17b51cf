import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "#src/config/index.js";

export const SECRETS_KEY_FILE = "secrets.key";

export type SecretsConfig = Pick<Config, "secretsKey" | "secretsKeyPrevious" | "databaseUrl" | "dataDir">;

/** What a key derived from SECRETS_KEY is for: each purpose has a key of its own. */
export type SecretPurpose = "signing-keys" | "mfa-totp-secrets" | "mfa-codes" | "webhook-secrets" | "recovery-method-codes" | "auth-service-refresh-cookie";

/** These were first derived from the signing-key key rather than the secret; kept so stored values still open. */
const UNDER_SIGNING_KEYS: ReadonlySet<SecretPurpose> = new Set(["mfa-totp-secrets", "mfa-codes", "webhook-secrets", "recovery-method-codes"]);

const hkdf = (material: string | Buffer, info: string) => Buffer.from(hkdfSync("sha256", material, "identity-server", info, 32));

/** One wrapping secret (SECRETS_KEY or a former one) and the keys derived from it. */
export interface WrappingKey {
  /** A fingerprint of the secret, not the secret: names the key a value was sealed with. */
  id: string;
  derive(purpose: SecretPurpose): Buffer;
}

function wrappingKey(material: string): WrappingKey {
  const derived = new Map<SecretPurpose, Buffer>();
  return {
    id: hkdf(material, "key-id").subarray(0, 9).toString("base64url"),
    derive(purpose) {
      let key = derived.get(purpose);
      if (!key) {
        key = UNDER_SIGNING_KEYS.has(purpose) ? hkdf(hkdf(material, "signing-keys"), purpose) : hkdf(material, purpose);
        derived.set(purpose, key);
      }
      return key;
    },
  };
}

/** The current key seals; previous keys (SECRETS_KEY_PREVIOUS) only open and verify, during a rotation. */
export interface KeyRing {
  current: WrappingKey;
  previous: WrappingKey[];
  /** The current key first, then the previous ones. */
  all: WrappingKey[];
  byId(id: string): WrappingKey | undefined;
}

/** Where the current secret comes from: SECRETS_KEY, a key file beside the embedded store, or (memory://) the process. */
function currentMaterial(config: SecretsConfig): string {
  if (config.secretsKey) return config.secretsKey;
  // loadConfig already refuses postgres:// without SECRETS_KEY; an in-memory store dies with its key.
  if (config.databaseUrl === "memory://") return randomBytes(32).toString("base64");
  const path = join(config.dataDir, SECRETS_KEY_FILE);
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const generated = randomBytes(32).toString("base64");
  // "wx": a second process starting on the same DATA_DIR at once must not overwrite the first one's key.
  try {
    writeFileSync(path, `${generated}\n`, { mode: 0o600, flag: "wx" });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFileSync(path, "utf8").trim();
  }
}

// One ring per configuration: every service of a process shares it (and so a memory:// store's one key).
const rings = new WeakMap<SecretsConfig, KeyRing>();

export function keyRingOf(config: SecretsConfig): KeyRing {
  let ring = rings.get(config);
  if (!ring) {
    const current = wrappingKey(currentMaterial(config));
    const previous = (config.secretsKeyPrevious ?? []).map(wrappingKey).filter((key, i, keys) => key.id !== current.id && keys.findIndex((k) => k.id === key.id) === i);
    const all = [current, ...previous];
    ring = { current, previous, all, byId: (id) => all.find((key) => key.id === id) };
    rings.set(config, ring);
  }
  return ring;
}

/** A ring read on first use, so services built without a configuration fail only when they need a key. */
export function lazyKeyRing(config: SecretsConfig | undefined, missing: () => Error): () => KeyRing {
  return () => {
    if (!config) throw missing();
    return keyRingOf(config);
  };
}
