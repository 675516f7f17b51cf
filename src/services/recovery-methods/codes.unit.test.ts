import { describe, expect, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import { legacyMethodCodeHash, methodCodeMatches, methodCodeSealer, newMethodCode, newMethodUid } from "./codes.js";

const config = (secret: string) => loadConfig({ DATABASE_URL: "memory://", SECRETS_KEY: secret });
const sealer = methodCodeSealer(config("unit-secrets-key-0123456789abcdef0123456789"));
const otherCode = (code: string) => (code === "000000" ? "000001" : "000000");

describe("recovery method codes", () => {
  it("uids are 32 characters of [A-Za-z0-9_-]", () => {
    for (let n = 0; n < 200; n++) expect(newMethodUid()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it("codes are six digits, sealed so that they open again for the same uid only", () => {
    const code = newMethodCode();
    expect(code).toMatch(/^\d{6}$/);
    const uid = newMethodUid();
    const sealed = sealer.seal(uid, code);
    expect(sealed).toMatch(/^v2\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(code);
    expect(sealer.seal(uid, code)).not.toBe(sealed);
    expect(sealer.open(uid, sealed)).toBe(code);
    expect(() => sealer.open(newMethodUid(), sealed)).toThrow();
    expect(() => methodCodeSealer(config("another-secrets-key-0123456789abcdef01234")).open(uid, sealed)).toThrow();
  });

  it("a code matches the sealed one, or for a row from before sealing, the legacy hash", () => {
    const code = newMethodCode();
    const uid = newMethodUid();
    const sealed = { uid, codeSealed: sealer.seal(uid, code), codeHash: null };
    expect(methodCodeMatches(sealer, sealed, code)).toBe(true);
    expect(methodCodeMatches(sealer, sealed, otherCode(code))).toBe(false);
    expect(methodCodeMatches(sealer, sealed, `${code}0`)).toBe(false);
    const legacy = { uid, codeSealed: null, codeHash: legacyMethodCodeHash(uid, code) };
    expect(methodCodeMatches(sealer, legacy, code)).toBe(true);
    expect(methodCodeMatches(sealer, { ...legacy, uid: newMethodUid() }, code)).toBe(false);
    expect(methodCodeMatches(sealer, legacy, otherCode(code))).toBe(false);
    expect(methodCodeMatches(sealer, { uid, codeSealed: null, codeHash: null }, code)).toBe(false);
  });

  it("without the server configuration there is no key, and no code is sealed", () => {
    expect(() => methodCodeSealer(undefined).seal(newMethodUid(), "123456")).toThrow(/SECRETS_KEY/);
  });
});
