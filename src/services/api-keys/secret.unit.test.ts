import { describe, expect, it } from "vitest";
import { API_KEY_PATTERN, newApiKeySecret } from "./secret.js";

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

  it.each(["idk_short_secret", `idk_${"A".repeat(12)}_${"A".repeat(42)}`, `IDK_${"A".repeat(12)}_${"A".repeat(43)}`, `idk_${"A".repeat(12)}_${"A".repeat(43)} `])(
    "refuse the malformed token %s",
    (token) => {
      expect(API_KEY_PATTERN.test(token)).toBe(false);
    },
  );
});
