import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { Config } from "#src/config/index.js";
import { tables } from "#src/db/index.js";
import type { RecoveryMethodRow } from "#src/db/schema/index.js";
import { lazyKeyRing, sealer, type SealedColumn } from "../secrets/index.js";

export const METHOD_CODE_DIGITS = 6;
/** METHOD_LIFETIME of the deployed broker: five days to verify. */
export const METHOD_CODE_LIFETIME_MS = 5 * 24 * 60 * 60 * 1000;
/** Sending counts as one, so nine wrong codes after a send use them up. */
export const METHOD_MAX_ATTEMPTS = 10;

export function newMethodCode(): string {
  return randomInt(0, 10 ** METHOD_CODE_DIGITS).toString().padStart(METHOD_CODE_DIGITS, "0");
}

/** 32 characters of [A-Za-z0-9_-]: the broker's method uid. */
export function newMethodUid(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Codes are sealed, not hashed, because a resend mails the same code again (reference §5). The
 * key is derived from SECRETS_KEY for this purpose alone, and a sealed code is bound to its uid:
 * copied onto another method it does not open.
 */
export interface MethodCodeSealer {
  seal(uid: string, code: string): string;
  open(uid: string, sealed: string): string;
}

const aad = (uid: string) => `recovery-method:${uid}`;

export function methodCodeSealer(config: Config | undefined): MethodCodeSealer {
  const sealed = sealer(
    lazyKeyRing(config, () => new Error("recovery-method codes are sealed with SECRETS_KEY: the service needs the server configuration")),
    "recovery-method-codes",
  );
  return {
    seal: (uid, code) => sealed.seal(aad(uid), code),
    open: (uid, value) => sealed.open(aad(uid), value),
  };
}

/** For the reseal job: pending codes, bound to their method's uid. */
export const methodCodeSealedColumn: SealedColumn = {
  name: "recovery-method codes",
  purpose: "recovery-method-codes",
  table: tables.recoveryMethods,
  key: tables.recoveryMethods.id,
  sealed: tables.recoveryMethods.codeSealed,
  aadColumn: tables.recoveryMethods.uid,
  aad: (uid) => aad(String(uid)),
};

/**
 * How codes were kept before they were sealed: SHA-256 salted with the uid. Rows from then still
 * verify against it until their next resend or restart seals a new code.
 */
export function legacyMethodCodeHash(uid: string, code: string): string {
  return createHash("sha256").update(`${uid}:${code}`).digest("hex");
}

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether `code` is the method's current code, compared in constant time. */
export function methodCodeMatches(sealer: MethodCodeSealer, method: Pick<RecoveryMethodRow, "uid" | "codeSealed" | "codeHash">, code: string): boolean {
  // Digests of both sides: equal lengths, so the time tells nothing of either.
  if (method.codeSealed) return timingSafeEqual(digest(sealer.open(method.uid, method.codeSealed)), digest(code));
  if (!method.codeHash) return false;
  const expected = Buffer.from(method.codeHash, "hex");
  const actual = Buffer.from(legacyMethodCodeHash(method.uid, code), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
