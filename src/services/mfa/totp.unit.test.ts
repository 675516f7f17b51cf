import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { keyRingOf, sealer } from "../secrets/index.js";
import { checkTotp, newTotp, openTotpSecret, sealTotpSecret } from "./totp.js";

const at = new Date("2030-01-01T00:00:15Z");
const epoch = Math.floor(at.getTime() / 1000);
const step = Math.floor(epoch / 30);

describe("TOTP", () => {
  it("accepts the current step and one on either side, once each", async () => {
    const { secret } = await newTotp("Issuer", "user");
    const now = await generate({ secret, epoch });
    expect(await checkTotp(secret, now, at, null)).toBe(step);
    expect(await checkTotp(secret, now, at, step)).toBeUndefined();
    expect(await checkTotp(secret, await generate({ secret, epoch: epoch - 30 }), at, null)).toBe(step - 1);
    expect(await checkTotp(secret, await generate({ secret, epoch: epoch + 30 }), at, step)).toBe(step + 1);
    expect(await checkTotp(secret, await generate({ secret, epoch: epoch - 30 }), at, step)).toBeUndefined();
    expect(await checkTotp(secret, await generate({ secret, epoch: epoch - 90 }), at, null)).toBeUndefined();
    expect(await checkTotp(secret, "12345", at, null)).toBeUndefined();
    expect(await checkTotp(secret, "abcdef", at, null)).toBeUndefined();
  });

  it("seals the secret for its own MFA row only", () => {
    const ring = (secretsKey: string) => {
      const keys = keyRingOf({ secretsKey, secretsKeyPrevious: [], databaseUrl: "memory://", dataDir: "/nonexistent" });
      return sealer(() => keys, "mfa-totp-secrets");
    };
    const key = ring("totp-unit-secrets-key-0123456789abcdef");
    const sealed = sealTotpSecret(key, 4, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DP");
    expect(openTotpSecret(key, 4, sealed)).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(() => openTotpSecret(key, 5, sealed)).toThrow();
    expect(() => openTotpSecret(ring("another-unit-secrets-key-0123456789abcd"), 4, sealed)).toThrow();
  });

  it("draws the enrolment QR code as a PNG of the otpauth URL", async () => {
    const totp = await newTotp("My IdP", "ann");
    expect(totp.otpAuthUrl).toMatch(/^otpauth:\/\/totp\/My%20IdP:ann\?/);
    expect(totp.imageUrl.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
  });
});
