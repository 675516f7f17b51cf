import { createPublicKey, type KeyObject } from "node:crypto";
import { DomainError } from "../errors/index.js";
import { DeviceErrorCode } from "./error-codes.js";

/** Standard (not URL-safe) base64 of exactly 32 bytes: 43 characters and one '=' pad. */
const RAW_KEY_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Checks a client's Ed25519 public key as the Galaxy contract carries it, and returns it canonical. */
export function parseEd25519PublicKey(value: string): { canonical: string; key: KeyObject } {
  const invalid = () =>
    new DomainError(DeviceErrorCode.INVALID_PUBLIC_KEY, "clientPublicKey must be the standard base64 of a raw 32-byte Ed25519 public key", { field: "clientPublicKey" });
  if (!RAW_KEY_BASE64.test(value)) throw invalid();
  const raw = Buffer.from(value, "base64");
  if (raw.length !== 32) throw invalid();
  try {
    const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") }, format: "jwk" });
    return { canonical: raw.toString("base64"), key };
  } catch (error) {
    throw new DomainError(DeviceErrorCode.INVALID_PUBLIC_KEY, "clientPublicKey is not a valid Ed25519 public key", { field: "clientPublicKey", cause: error });
  }
}
