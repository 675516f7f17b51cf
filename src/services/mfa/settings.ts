import { hkdfSync } from "node:crypto";
import type { Config } from "#src/config/index.js";
import { DomainError } from "../errors/index.js";
import { signingKeyEncryptionKey } from "../tokens/secrets-key.js";
import { MfaErrorCode } from "./error-codes.js";

export interface MfaKeys {
  /** Seals TOTP secrets (AES-256-GCM). */
  totp: Buffer;
  /** Keys the HMAC of single-use codes, so a copy of the table alone cannot test guesses. */
  codes: Buffer;
}

export interface MfaSettings {
  rpOrigins: readonly string[];
  rpId: string;
  rpName: string;
  /** Shown by authenticator apps beside the account name. */
  issuer: string;
  keys(): MfaKeys;
}

/**
 * The MFA keys come from the same secret as the signing keys (SECRETS_KEY, or the key file of
 * the embedded store), each derived for its own purpose; derived once, as an in-memory store's
 * secret lives only as long as the process.
 */
export function mfaSettings(config: Config | undefined): MfaSettings {
  let keys: MfaKeys | undefined;
  return {
    rpOrigins: config?.rpOrigins ?? [],
    rpId: config?.rpId ?? "localhost",
    rpName: config?.rpName ?? "Identity",
    issuer: config?.rpName ?? "Identity",
    keys() {
      if (!config) throw new DomainError(MfaErrorCode.MFA_TOTP_UNAVAILABLE, "MFA secrets need the server configuration");
      if (!keys) {
        const root = signingKeyEncryptionKey(config);
        const derive = (purpose: string) => Buffer.from(hkdfSync("sha256", root, "identity-server", purpose, 32));
        keys = { totp: derive("mfa-totp-secrets"), codes: derive("mfa-codes") };
      }
      return keys;
    },
  };
}

/** rpOrigin is optional everywhere; when given it must be one of RP_ORIGINS, exactly. */
export function rpOriginAllowed(settings: MfaSettings, rpOrigin: string | null | undefined): boolean {
  return !rpOrigin || settings.rpOrigins.includes(rpOrigin);
}
