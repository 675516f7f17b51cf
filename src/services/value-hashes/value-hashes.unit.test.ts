import { describe, expect, it } from "vitest";
import { configureHashCost } from "../passwords/index.js";
import { createValueHashService } from "./value-hash.service.js";
import { LEGACY_HASH_LENGTH, legacyHash } from "./legacy-sha512.js";

/** Computed apart from this code (Python: salt + base64(sha512((value + salt).encode()))), as earlier deployments stored it. */
const SALT = "0123456789abcdef".repeat(4);
const STORED = `${SALT}LRt4Tvob82pYbJs6K1yCpTUt3kQfnVrxSYQeglzbiVOKrU8TByKV4hGAGcfBQRc7pF0xLOgqVL+nsEE3f1nanw==`;

describe("value hashes (the auth-service's hash and is-equals)", () => {
  configureHashCost({ memoryCost: 4096, timeCost: 1 });
  const hashes = createValueHashService();

  it("hashes with argon2id, the salt inside, a new salt each time; the empty value has the empty hash", async () => {
    const first = await hashes.hash("pässword");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=4\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(await hashes.hash("pässword")).not.toBe(first);
    expect(await hashes.matches("pässword", first)).toBe(true);
    expect(await hashes.matches("password", first)).toBe(false);
    expect(await hashes.hash("")).toBe("");
  });

  it("verifies the legacy form: a 64-character salt, then the base64 SHA-512 of the value followed by the salt (152 characters)", async () => {
    expect(STORED).toHaveLength(LEGACY_HASH_LENGTH);
    expect(legacyHash("pässword", SALT)).toBe(STORED);
    expect(await hashes.matches("pässword", STORED)).toBe(true);
    expect(await hashes.matches("password", STORED)).toBe(false);
    const flipped = STORED.slice(0, 100) + (STORED[100] === "A" ? "B" : "A") + STORED.slice(101);
    expect(await hashes.matches("pässword", flipped)).toBe(false);
  });

  it("is false for empty or malformed input, never an error", async () => {
    const argon = await hashes.hash("value");
    for (const [value, hash] of [
      ["", argon],
      ["value", ""],
      ["", ""],
      ["value", "not a hash"],
      ["value", "$argon2id$v=19$m=4096,t=1,p=4$broken"],
      ["value", STORED.slice(1)],
      ["value", `${STORED}x`],
      ["value", "x".repeat(LEGACY_HASH_LENGTH)],
      ["value", "é".repeat(LEGACY_HASH_LENGTH)],
    ]) {
      expect(await hashes.matches(value!, hash!), `${value} / ${hash}`).toBe(false);
    }
  });
});
