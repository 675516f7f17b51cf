import { createHash } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { and, eq, gt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { MfaWebauthnCredentialRow, UserRow } from "#src/db/schema/index.js";
import { greetingNameOf } from "../users/status.js";
import { verifierCredential } from "../webauthn/index.js";
import type { MfaSettings } from "./settings.js";

/** How long a started ceremony may take to finish. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

type Ceremony = "registration" | "authentication";

async function storeChallenge(db: Db, mfaId: number, ceremony: Ceremony, challenge: string, now: Date): Promise<void> {
  await db.insert(tables.mfaWebauthnChallenges).values({ mfaId, ceremony, challenge, createdAt: now, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
}

/** Spends a challenge: one DELETE, so a challenge answers one ceremony however many race for it. */
async function consumeChallenge(db: Db, mfaId: number, ceremony: Ceremony, challenge: string, now: Date): Promise<boolean> {
  const t = tables.mfaWebauthnChallenges;
  const spent = await db
    .delete(t)
    .where(and(eq(t.mfaId, mfaId), eq(t.ceremony, ceremony), eq(t.challenge, challenge), gt(t.expiresAt, now)))
    .returning({ id: t.id });
  return spent.length > 0;
}

const descriptor = (c: MfaWebauthnCredentialRow) => ({ id: c.credentialId, transports: c.transports as AuthenticatorTransport[] });

/** The origins a browser response may come from: the caller's rpOrigin, or any of RP_ORIGINS. */
const expectedOrigins = (settings: MfaSettings, rpOrigin: string | null | undefined) => (rpOrigin ? [rpOrigin] : [...settings.rpOrigins]);

/** Creation options for navigator.credentials.create(), in the `{publicKey}` wrapper browsers take. */
export async function startRegistration(db: Db, settings: MfaSettings, user: UserRow, mfaId: number, existing: MfaWebauthnCredentialRow[], now: Date) {
  const options = await generateRegistrationOptions({
    rpName: settings.rpName,
    rpID: settings.rpId,
    userName: user.username,
    userID: new TextEncoder().encode(user.id),
    userDisplayName: greetingNameOf(user),
    attestationType: "none",
    excludeCredentials: existing.map(descriptor),
    authenticatorSelection: { residentKey: "discouraged", userVerification: "discouraged" },
  });
  await storeChallenge(db, mfaId, "registration", options.challenge, now);
  return { publicKey: options };
}

/** Request options for navigator.credentials.get() over the MFA's keys. */
export async function startAuthentication(db: Db, settings: MfaSettings, mfaId: number, credentials: MfaWebauthnCredentialRow[], now: Date) {
  const options = await generateAuthenticationOptions({
    rpID: settings.rpId,
    allowCredentials: credentials.map(descriptor),
    userVerification: "discouraged",
  });
  await storeChallenge(db, mfaId, "authentication", options.challenge, now);
  return { publicKey: options };
}

/** A browser response arrives as an object or as its JSON text. */
export function parseBrowserResponse<T>(value: unknown): T | undefined {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const candidate = parsed as { id?: unknown; response?: unknown } | null;
  return candidate && typeof candidate === "object" && typeof candidate.id === "string" && typeof candidate.response === "object" ? (parsed as T) : undefined;
}

export const keyHandleHash = (credentialId: string) => createHash("sha256").update(credentialId).digest("base64url");

export interface NewCredential {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
}

/** Checks an attestation (origin, RP id, challenge, signature) and returns the new key; throws with the reason otherwise. */
export async function finishRegistration(
  db: Db,
  settings: MfaSettings,
  mfaId: number,
  response: RegistrationResponseJSON,
  rpOrigin: string | null | undefined,
  now: Date,
): Promise<NewCredential> {
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: (challenge) => consumeChallenge(db, mfaId, "registration", challenge, now),
    expectedOrigin: expectedOrigins(settings, rpOrigin),
    expectedRPID: settings.rpId,
    requireUserVerification: false,
  });
  if (!result.verified) throw new Error("the attestation did not verify");
  const { credential } = result.registrationInfo;
  return {
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString("base64url"),
    signCount: credential.counter,
    transports: credential.transports ?? response.response.transports ?? [],
  };
}

/**
 * Checks an assertion by one of the MFA's keys. The library refuses a signature counter that
 * does not move forward (a cloned key); the caller stores the new counter conditionally.
 */
export async function finishAuthentication(
  db: Db,
  settings: MfaSettings,
  mfaId: number,
  credentials: MfaWebauthnCredentialRow[],
  response: AuthenticationResponseJSON,
  rpOrigin: string | null | undefined,
  now: Date,
): Promise<{ credential: MfaWebauthnCredentialRow; newCounter: number } | undefined> {
  const credential = credentials.find((c) => c.credentialId === response.id);
  if (!credential) return undefined;
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: (challenge) => consumeChallenge(db, mfaId, "authentication", challenge, now),
    expectedOrigin: expectedOrigins(settings, rpOrigin),
    expectedRPID: settings.rpId,
    credential: verifierCredential(credential),
    requireUserVerification: false,
  });
  return result.verified ? { credential, newCounter: result.authenticationInfo.newCounter } : undefined;
}
