import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openPrivateKey, sealPrivateKey, SealedKeyError } from "./key-encryption.js";

describe("signing keys sealed at rest (AES-256-GCM)", () => {
  const key = randomBytes(32);
  const kid = "0190f0c0-0000-7000-8000-000000000001";
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n";

  it("opens what it sealed, and never stores the plaintext", () => {
    const sealed = sealPrivateKey(key, kid, pem);
    expect(sealed).not.toContain("PRIVATE KEY");
    expect(openPrivateKey(key, kid, sealed)).toBe(pem);
    expect(sealPrivateKey(key, kid, pem)).not.toBe(sealed);
  });

  it("refuses another secrets key, another kid, and tampering", () => {
    const sealed = sealPrivateKey(key, kid, pem);
    expect(() => openPrivateKey(randomBytes(32), kid, sealed)).toThrow(SealedKeyError);
    expect(() => openPrivateKey(key, "0190f0c0-0000-7000-8000-000000000002", sealed)).toThrow(/SECRETS_KEY/);
    const [v, iv, tag, data] = sealed.split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openPrivateKey(key, kid, [v, iv, tag, flipped.toString("base64url")].join("."))).toThrow(SealedKeyError);
    expect(() => openPrivateKey(key, kid, "not sealed")).toThrow(SealedKeyError);
  });
});
