import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

/**
 * AES-256-GCM with the key id as associated data, so a sealed key copied onto another row
 * does not open. Format: v1.<iv>.<tag>.<ciphertext>, each part base64url.
 */
export function sealPrivateKey(key: Buffer, kid: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export class SealedKeyError extends Error {}

export function openPrivateKey(key: Buffer, kid: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new SealedKeyError(`signing key ${kid} is not in a known sealed format`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    // The usual cause: SECRETS_KEY differs from the one the key was sealed with.
    throw new SealedKeyError(`signing key ${kid} cannot be decrypted: is SECRETS_KEY the one it was stored with?`, { cause: error });
  }
}
