import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "#src/config/index.js";

export const SECRETS_KEY_FILE = "secrets.key";

/** Where the secret comes from: SECRETS_KEY, a key file beside the embedded store, or (memory://) the process. */
function secretMaterial(config: Pick<Config, "secretsKey" | "databaseUrl" | "dataDir">): string {
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

/** A 32-byte key for one purpose (the HKDF-SHA256 info), derived from the configured secret: the same on every instance. */
export function derivedSecretKey(config: Pick<Config, "secretsKey" | "databaseUrl" | "dataDir">, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secretMaterial(config), "identity-server", purpose, 32));
}

/** The 32-byte AES key that seals signing keys at rest. */
export function signingKeyEncryptionKey(config: Pick<Config, "secretsKey" | "databaseUrl" | "dataDir">): Buffer {
  return derivedSecretKey(config, "signing-keys");
}
