import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashHighEntropySecret, highEntropySecretMatches } from "./high-entropy.js";

describe("high-entropy secrets", () => {
  const secret = randomBytes(32).toString("base64url");

  it("are stored as the SHA-256 of the secret and checked against it", () => {
    const hash = hashHighEntropySecret(secret);
    expect(hash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(highEntropySecretMatches(hash, secret)).toBe(true);
    expect(highEntropySecretMatches(hash, `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`)).toBe(false);
  });

  it("do not match a stored hash of another length or one that is not hex", () => {
    expect(highEntropySecretMatches("abcd", secret)).toBe(false);
    expect(highEntropySecretMatches(`$argon2id$${"x".repeat(60)}`, secret)).toBe(false);
  });
});
