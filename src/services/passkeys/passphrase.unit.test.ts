import { describe, expect, it } from "vitest";
import { isPassphrase, newPassphrase, passphraseKey, PASSPHRASE_WORDS } from "./passphrase.js";

describe("passphrases", () => {
  it("are five dot-separated words from the list, each time different", () => {
    const made = new Set(Array.from({ length: 50 }, newPassphrase));
    expect(made.size).toBe(50);
    for (const p of made) {
      expect(p).toMatch(/^[a-z]+(\.[a-z]+){4}$/);
      expect(isPassphrase(p)).toBe(true);
    }
    expect(PASSPHRASE_WORDS).toBeGreaterThanOrEqual(512);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "gold.lamp.pear.oven", "gold.lamp.pear.oven.kite.bell", "gold.lamp.pear.oven.zzzz", "Gold.lamp.pear.oven.kite", "gold..pear.oven.kite"]) expect(isPassphrase(bad)).toBe(false);
  });
  it("are stored by a hash that does not show them", () => {
    expect(passphraseKey("gold.lamp.pear.oven.kite")).not.toContain("gold");
    expect(passphraseKey("gold.lamp.pear.oven.kite")).toBe(passphraseKey("gold.lamp.pear.oven.kite"));
  });
});
