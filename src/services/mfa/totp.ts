import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { tables } from "#src/db/index.js";
import type { SealedColumn, Sealer } from "../secrets/index.js";

export interface NewTotp {
  secret: string;
  otpAuthUrl: string;
  /** A PNG of the otpauth URL as a data URL, for the enrolment page to show. */
  imageUrl: string;
}

export async function newTotp(issuer: string, accountName: string): Promise<NewTotp> {
  const secret = generateSecret();
  const otpAuthUrl = generateURI({ issuer, label: accountName, secret });
  const imageUrl = await QRCode.toDataURL(otpAuthUrl, { type: "image/png", errorCorrectionLevel: "M" });
  return { secret, otpAuthUrl, imageUrl };
}

/** The sealed secret is bound to its MFA row: copied onto another row it does not open. */
const aad = (mfaId: number) => `mfa-totp:${mfaId}`;

export const sealTotpSecret = (sealer: Sealer, mfaId: number, secret: string) => sealer.seal(aad(mfaId), secret);
export const openTotpSecret = (sealer: Sealer, mfaId: number, sealed: string) => sealer.open(aad(mfaId), sealed);

/** For the reseal job: TOTP secrets, bound to their MFA row. */
export const totpSealedColumn: SealedColumn = {
  name: "TOTP secrets",
  purpose: "mfa-totp-secrets",
  table: tables.mfas,
  key: tables.mfas.id,
  sealed: tables.mfas.totpSecretSealed,
  aadColumn: tables.mfas.id,
  aad: (mfaId) => aad(Number(mfaId)),
};

const PERIOD_SECONDS = 30;

/**
 * Accepts the current 30-second step and one on either side (clock drift), but only steps after
 * the last one accepted, so a code is good once. Returns the step the code belongs to.
 */
export async function checkTotp(secret: string, token: string, now: Date, lastStep: number | null): Promise<number | undefined> {
  if (!/^\d{6}$/.test(token)) return undefined;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await verify({ secret, token, epoch, epochTolerance: PERIOD_SECONDS });
  if (!result.valid) return undefined;
  const step = Math.floor(epoch / PERIOD_SECONDS) + result.delta;
  return lastStep === null || step > lastStep ? step : undefined;
}
