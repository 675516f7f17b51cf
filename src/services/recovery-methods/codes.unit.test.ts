import { describe, expect, it } from "vitest";
import { methodCodeHash, methodCodeMatches, newMethodCode, newMethodUid } from "./codes.js";

describe("recovery method codes", () => {
  it("uids are 32 characters of [A-Za-z0-9_-]", () => {
    for (let n = 0; n < 200; n++) expect(newMethodUid()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("codes are six digits, stored as a hash salted with the uid", () => {
    const code = newMethodCode();
    expect(code).toMatch(/^\d{6}$/);
    const uid = newMethodUid();
    const hash = methodCodeHash(uid, code);
    expect(methodCodeMatches(uid, code, hash)).toBe(true);
    expect(methodCodeMatches(newMethodUid(), code, hash)).toBe(false);
    expect(methodCodeMatches(uid, code === "000000" ? "000001" : "000000", hash)).toBe(false);
    expect(methodCodeMatches(uid, code, null)).toBe(false);
  });
});
