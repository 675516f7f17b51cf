import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing, SecretPurpose, WrappingKey } from "./key-ring.js";

/**
 * Values sealed at rest: AES-256-GCM under a key derived for the value's purpose, with the row's
 * identity as associated data, so a sealed value copied onto another row does not open.
 * Format v2.<keyId>.<iv>.<tag>.<ciphertext> (base64url parts): keyId names the wrapping key, so a
 * ring of keys opens values of every key it holds. v1.<iv>.<tag>.<ciphertext>, from before the
 * ring, carries no key id: each key of the ring is tried.
 */
const V2 = "v2";
const V1 = "v1";

export class SealedValueError extends Error {}

export interface Sealer {
  seal(aad: string, plaintext: string): string;
  open(aad: string, sealed: string): string;
}

const b64 = (part: Buffer) => part.toString("base64url");

export function sealWith(key: WrappingKey, purpose: SecretPurpose, aad: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.derive(purpose), iv);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [V2, key.id, b64(iv), b64(cipher.getAuthTag()), b64(ciphertext)].join(".");
}

function decrypt(key: Buffer, aad: string, iv: string, tag: string, ciphertext: string): string | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** Opens a value with the key of the ring it names (v2) or any key of the ring (v1); never says more than which key was missing. */
export function openWith(ring: KeyRing, purpose: SecretPurpose, aad: string, sealed: string): string {
  const parts = sealed.split(".");
  if (parts[0] === V2 && parts.length === 5) {
    const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = ring.byId(keyId);
    if (!key) throw new SealedValueError(`a sealed ${purpose} value names key ${keyId}, which is neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS`);
    const plaintext = decrypt(key.derive(purpose), aad, iv, tag, ciphertext);
    if (plaintext === undefined) throw new SealedValueError(`a sealed ${purpose} value does not open with its key ${keyId}: it was altered or moved to another row`);
    return plaintext;
  }
  if (parts[0] === V1 && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    for (const key of ring.all) {
      const plaintext = decrypt(key.derive(purpose), aad, iv, tag, ciphertext);
      if (plaintext !== undefined) return plaintext;
    }
    // The usual cause: SECRETS_KEY differs from the one the value was sealed with.
    throw new SealedValueError(`a sealed ${purpose} value cannot be decrypted: is SECRETS_KEY (or one of SECRETS_KEY_PREVIOUS) the one it was stored with?`);
  }
  throw new SealedValueError(`a sealed ${purpose} value is not in a known sealed format`);
}

/** Seals under the ring's current key, opens under any key of it. */
export function sealer(ring: () => KeyRing, purpose: SecretPurpose): Sealer {
  return {
    seal: (aad, plaintext) => sealWith(ring().current, purpose, aad, plaintext),
    open: (aad, sealed) => openWith(ring(), purpose, aad, sealed),
  };
}
