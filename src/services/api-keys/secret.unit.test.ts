import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_KEY_PATTERN, hashApiKeySecret, newApiKeySecret, secretMatches } from "./secret.js";

describe("API key secrets", () => {
  it("make tokens of the documented shape whose parts are the prefix and the secret", () => {
    const { prefix, secret, token } = newApiKeySecret();
    const match = API_KEY_PATTERN.exec(token);
    expect(match?.slice(1)).toEqual([prefix, secret]);
    expect(prefix).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
  });

  it("are never the same twice", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => newApiKeySecret().token));
    expect(tokens.size).toBe(200);
  });

  it("are stored as the SHA-256 of the secret and checked against it", () => {
    const { secret } = newApiKeySecret();
    const hash = hashApiKeySecret(secret);
    expect(hash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(secretMatches(hash, secret)).toBe(true);
    expect(secretMatches(hash, `${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`)).toBe(false);
  });

  it("do not match a stored hash of another length", () => {
    expect(secretMatches("abcd", newApiKeySecret().secret)).toBe(false);
  });

  it.each(["idk_short_secret", `idk_${"A".repeat(12)}_${"A".repeat(42)}`, `IDK_${"A".repeat(12)}_${"A".repeat(43)}`, `idk_${"A".repeat(12)}_${"A".repeat(43)} `])(
    "refuse the malformed token %s",
    (token) => {
      expect(API_KEY_PATTERN.test(token)).toBe(false);
    },
  );
});
