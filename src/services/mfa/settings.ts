import type { Config } from "#src/config/index.js";
import { DomainError } from "../errors/index.js";
import { keyRingOf, sealer, type Sealer } from "../secrets/index.js";
import { MfaErrorCode } from "./error-codes.js";

export interface MfaKeys {
  /** Seals TOTP secrets (AES-256-GCM). */
  totp: Sealer;
  /** Keys the HMAC of single-use codes, so a copy of the table alone cannot test guesses. */
  codes: Buffer;
  /** Every key a stored code hash may have been made with: the current one, then SECRETS_KEY_PREVIOUS's. */
  codesAccepted: Buffer[];
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
 * The MFA keys come from the same key ring as the signing keys (SECRETS_KEY, or the key file of
 * the embedded store, and SECRETS_KEY_PREVIOUS), each derived for its own purpose.
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
        const ring = keyRingOf(config);
        const codesAccepted = ring.all.map((key) => key.derive("mfa-codes"));
        keys = { totp: sealer(() => ring, "mfa-totp-secrets"), codes: codesAccepted[0]!, codesAccepted };
      }
      return keys;
    },
  };
}

/** rpOrigin is optional everywhere; when given it must be one of RP_ORIGINS, exactly. */
export function rpOriginAllowed(settings: MfaSettings, rpOrigin: string | null | undefined): boolean {
  return !rpOrigin || settings.rpOrigins.includes(rpOrigin);
}
