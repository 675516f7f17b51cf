import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { codeHash, newCode } from "./codes.js";

describe("single-use MFA codes", () => {
  it("are eight digits, leading zeros kept", () => {
    const codes = Array.from({ length: 2000 }, newCode);
    for (const code of codes) expect(code).toMatch(/^\d{8}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
  });

  it("are stored as a hash that needs the key and is bound to its MFA", () => {
    const key = randomBytes(32);
    const hash = codeHash(key, 1, "01234567");
    expect(hash).toBe(codeHash(key, 1, "01234567"));
    expect(hash).not.toContain("01234567");
    expect(codeHash(key, 2, "01234567")).not.toBe(hash);
    expect(codeHash(randomBytes(32), 1, "01234567")).not.toBe(hash);
    expect(codeHash(key, 1, "01234568")).not.toBe(hash);
  });
});
