import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyRingOf } from "./key-ring.js";
import { openWith, SealedValueError, sealer, sealWith } from "./sealing.js";

const OLD = "old-wrapping-secret-0123456789abcdef0123";
const NEW = "new-wrapping-secret-0123456789abcdef0123";
const ring = (secretsKey: string, ...secretsKeyPrevious: string[]) => keyRingOf({ secretsKey, secretsKeyPrevious, databaseUrl: "postgres://db/x", dataDir: "/nonexistent" });
const hkdf = (material: string | Buffer, info: string) => Buffer.from(hkdfSync("sha256", material, "identity-server", info, 32));

/** A value as the server sealed it before the key ring: v1, no key id, keys derived the same way. */
function sealV1(secret: string, purpose: "signing-keys" | "mfa-totp-secrets", aad: string, plaintext: string): string {
  const signingKeysKey = hkdf(secret, "signing-keys");
  const key = purpose === "signing-keys" ? signingKeysKey : hkdf(signingKeysKey, purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

describe("sealed values (AES-256-GCM, v2 with the wrapping key's id)", () => {
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n";
  const kid = "0190f0c0-0000-7000-8000-000000000001";

  it("round trip: opens what it sealed, never stores the plaintext, a fresh IV each time", () => {
    const keys = ring(NEW);
    const sealed = sealWith(keys.current, "signing-keys", kid, pem);
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(openWith(keys, "signing-keys", kid, sealed)).toBe(pem);
    expect(sealWith(keys.current, "signing-keys", kid, pem)).not.toBe(sealed);
  });

  it("carries the wrapping key's id beside the ciphertext", () => {
    const keys = ring(NEW);
    const [version, keyId, iv, tag, data] = sealWith(keys.current, "webhook-secrets", "webhook:1", "whsec_x").split(".");
    expect(version).toBe("v2");
    expect(keyId).toBe(keys.current.id);
    expect([iv, tag, data].every((part) => /^[A-Za-z0-9_-]+$/.test(part!))).toBe(true);
  });

  it("refuses another key, another row, another purpose, tampering and unknown formats", () => {
    const sealed = sealWith(ring(OLD).current, "signing-keys", kid, pem);
    expect(() => openWith(ring(NEW), "signing-keys", kid, sealed)).toThrow(/neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/);
    expect(() => openWith(ring(OLD), "signing-keys", "0190f0c0-0000-7000-8000-000000000002", sealed)).toThrow(SealedValueError);
    expect(() => openWith(ring(OLD), "mfa-totp-secrets", kid, sealed)).toThrow(SealedValueError);
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[4]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openWith(ring(OLD), "signing-keys", kid, [...parts.slice(0, 4), flipped.toString("base64url")].join("."))).toThrow(SealedValueError);
    // A key id swapped for another key of the ring does not open either.
    expect(() => openWith(ring(OLD, NEW), "signing-keys", kid, [parts[0], ring(NEW).current.id, ...parts.slice(2)].join("."))).toThrow(SealedValueError);
    expect(() => openWith(ring(OLD), "signing-keys", kid, "not sealed")).toThrow(SealedValueError);
  });

  it("a previous key opens what it sealed, but only the current key seals", () => {
    const old = sealWith(ring(OLD).current, "mfa-totp-secrets", "mfa-totp:4", "JBSWY3DP");
    const rotating = sealer(() => ring(NEW, OLD), "mfa-totp-secrets");
    expect(rotating.open("mfa-totp:4", old)).toBe("JBSWY3DP");
    expect(old.split(".")[1]).toBe(ring(OLD).current.id);
    const resealed = rotating.seal("mfa-totp:4", "JBSWY3DP");
    expect(resealed.split(".")[1]).toBe(ring(NEW).current.id);
    expect(() => openWith(ring(NEW), "mfa-totp-secrets", "mfa-totp:4", old)).toThrow(SealedValueError);
  });

  it("v1 values from before the ring still open, under the current key or a previous one", () => {
    const v1 = sealV1(OLD, "signing-keys", kid, pem);
    expect(openWith(ring(OLD), "signing-keys", kid, v1)).toBe(pem);
    expect(openWith(ring(NEW, OLD), "signing-keys", kid, v1)).toBe(pem);
    const totp = sealV1(OLD, "mfa-totp-secrets", "mfa-totp:9", "SECRET");
    expect(openWith(ring(NEW, OLD), "mfa-totp-secrets", "mfa-totp:9", totp)).toBe("SECRET");
    expect(() => openWith(ring(NEW), "signing-keys", kid, v1)).toThrow(/SECRETS_KEY/);
  });
});
