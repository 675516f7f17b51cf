import { describe, expect, it } from "vitest";
import { DEFAULT_LABELS, isMfaType, labelOrDefault, nextCredentialLabel } from "./labels.js";
import { listData, mysqlDateTime } from "./data.js";

describe("MFA labels", () => {
  it("defaults to the deployed type names", () => {
    expect(DEFAULT_LABELS).toEqual({
      backupcode: "Printable Codes",
      totp: "Authenticator App",
      webauthn: "Security Key",
      manager: "Manager Backup Code",
      recovery: "Recovery Contact Code",
    });
    expect(labelOrDefault(undefined, "X")).toBe("X");
    expect(labelOrDefault(" \t", "X")).toBe("X");
    expect(labelOrDefault("  Mine ", "X")).toBe("Mine");
    expect(() => labelOrDefault("y".repeat(65), "X")).toThrow(/at most 64/);
  });

  it("numbers new keys one past the count, skipping labels in use", () => {
    expect(nextCredentialLabel([])).toBe("Security Key-1");
    expect(nextCredentialLabel(["Blue"])).toBe("Security Key-2");
    expect(nextCredentialLabel(["Security Key-2"])).toBe("Security Key-3");
    expect(nextCredentialLabel(["Security Key-2", "Security Key-3", "x"])).toBe("Security Key-4");
  });

  it("knows the five types and nothing else", () => {
    for (const type of ["backupcode", "totp", "webauthn", "manager", "recovery"]) expect(isMfaType(type)).toBe(true);
    for (const other of ["sms", "TOTP", "", 5, null]) expect(isMfaType(other)).toBe(false);
  });
});

describe("MFA listing data", () => {
  const base = { userId: "u", label: "l", verified: true, createdAt: new Date(0), lastUsedAt: null, totpSecretSealed: null, totpLastStep: null };
  const key = { id: 7, mfaId: 1, credentialId: "c", publicKey: "p", signCount: 0, transports: [], keyHandleHash: "h", label: "K", createdAt: new Date("2022-12-15T19:42:37.123Z"), lastUsedAt: null };

  it("is a count for code types, the keys for WebAuthn, nothing for the rest", () => {
    expect(listData({ mfa: { ...base, id: 1, type: "backupcode" }, codeCount: 4, credentials: [] })).toEqual({ count: 4 });
    expect(listData({ mfa: { ...base, id: 1, type: "manager" }, codeCount: 1, credentials: [] })).toEqual({ count: 1 });
    expect(listData({ mfa: { ...base, id: 1, type: "totp" }, codeCount: 0, credentials: [] })).toEqual([]);
    expect(listData({ mfa: { ...base, id: 1, type: "recovery" }, codeCount: 1, credentials: [] })).toEqual([]);
    expect(listData({ mfa: { ...base, id: 1, type: "webauthn" }, codeCount: 0, credentials: [key] })).toEqual([
      { id: 7, label: "K", last_used_utc: null, created_utc: "2022-12-15 19:42:37" },
    ]);
    expect(mysqlDateTime(null)).toBeNull();
  });
});
