import { describe, expect, it } from "vitest";
import { maskEmail } from "./mask.js";

describe("maskEmail (the deployed Utils::maskEmail)", () => {
  it("masks the examples of the reference", () => {
    expect(maskEmail("email@example.org")).toBe("e***l@e******.o**");
    expect(maskEmail("john_smith@example.com")).toBe("j***_s***h@e******.c**");
  });

  it("keeps every underscore and the character after it", () => {
    expect(maskEmail("a_b_cdef@x.io")).toBe("a_b_c**f@x.i*");
  });

  it("keeps short local parts whole and masks each domain label", () => {
    expect(maskEmail("ab@mail.example.co.uk")).toBe("ab@m***.e******.c*.u*");
    expect(maskEmail("a@b.c")).toBe("a@b.c");
  });

  it("refuses what is not an address", () => {
    expect(maskEmail("no-at-sign")).toBeUndefined();
    expect(maskEmail("@example.com")).toBeUndefined();
    expect(maskEmail("user@")).toBeUndefined();
  });
});
