import { generateRegistrationOptions, verifyRegistrationResponse, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from "@simplewebauthn/server";
import { and, eq, gt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { CeremonyContext, PasskeyChallengeRow } from "#src/db/schema/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError, uniqueViolation } from "../errors/index.js";
import { ceremonyFailure } from "./ceremony-failure.js";
import { consumeChallenge, storeChallenge } from "./challenges.js";
import { PasskeyErrorCode } from "./error-codes.js";
import { openBrowserSession, type SessionClient } from "./browser-session.js";
import type { PasskeyDeps } from "./deps.js";

export interface RegistrationStart {
  options: PublicKeyCredentialCreationOptionsJSON;
}

/** Options for navigator.credentials.create(); the ceremony's purpose is stored with the challenge. */
export async function startRegistration(deps: PasskeyDeps, user: { id: string; name: string; existing: string[] }, context: CeremonyContext): Promise<RegistrationStart> {
  const options = await generateRegistrationOptions({
    rpName: deps.settings.rpName,
    rpID: deps.settings.rpId,
    userName: user.name,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    // "none": no attestation chains to trust or store; the AAGUID still comes in the authenticator data.
    attestationType: "none",
    excludeCredentials: user.existing.map((id) => ({ id })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    timeout: deps.ceremonyTimeoutMs,
  });
  await storeChallenge(deps.db, "registration", options.challenge, context, deps.clock.now(), deps.ceremonyTimeoutMs);
  return { options };
}

export interface RegistrationResult {
  userId: string;
  credentialUuid: string;
  sessionToken: string;
}

const failed = (message: string) => new DomainError(PasskeyErrorCode.CEREMONY_FAILED, message);

/** Checks the attestation, and spends its challenge; the challenge row says what the ceremony was for. */
async function verify(deps: PasskeyDeps, response: RegistrationResponseJSON, origin: string) {
  let spent: PasskeyChallengeRow | undefined;
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (challenge) => !!(spent = await consumeChallenge(deps.db, "registration", challenge, deps.clock.now())),
      expectedOrigin: origin,
      expectedRPID: deps.settings.rpId,
      requireUserVerification: false,
    });
    if (!result.verified || !spent) throw failed("The passkey could not be verified");
    return { info: result.registrationInfo, context: spent.context };
  } catch (error) {
    throw ceremonyFailure(error);
  }
}

/**
 * Finishes a registration begun on any instance: a reset link is spent, a new user made, or the
 * signed-in user gets the key; then a browser session opens on it. One transaction for all of it.
 */
export async function finishRegistration(deps: PasskeyDeps, response: RegistrationResponseJSON, origin: string, client: SessionClient): Promise<RegistrationResult> {
  const { info, context } = await verify(deps, response, origin);
  const realmId = await deps.realmId();
  try {
    return await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      const userId = await ownerOf(tx, context, realmId, now);
      const [credential] = await tx
        .insert(tables.passkeyCredentials)
        .values({
          userId,
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
          signCount: info.credential.counter,
          aaguid: info.aaguid,
          transports: info.credential.transports ?? response.response.transports ?? [],
          createdAt: now,
          lastUsedAt: now,
          lastVerifiedAt: info.userVerified ? now : null,
        })
        .returning({ id: tables.passkeyCredentials.id });
      await recordAudit(tx, { action: "passkey.register", actor: { type: "user", id: userId }, subjectType: "user", subjectId: userId, changes: { credentialUuid: credential!.id } }, now);
      const sessionToken = await openBrowserSession(tx, deps.clock, { userId, credentialId: credential!.id, client });
      return { userId, credentialUuid: credential!.id, sessionToken };
    });
  } catch (error) {
    if (uniqueViolation(error) === "passkey_credentials_credential_key") throw new DomainError(PasskeyErrorCode.CREDENTIAL_EXISTS, "This passkey is already registered");
    throw error;
  }
}

/** Whose key it is: a reset link's user (the link is spent here), the signed-in user, or a new user made now. */
async function ownerOf(tx: Db, context: CeremonyContext, realmId: string, now: Date): Promise<string> {
  if (context.resetKey) {
    const t = tables.passkeyResetTokens;
    const [token] = await tx.delete(t).where(and(eq(t.keyHash, context.resetKey), gt(t.expiresAt, now))).returning({ userId: t.userId });
    if (!token) throw new DomainError(PasskeyErrorCode.RESET_TOKEN_INVALID, "The reset link is invalid or has expired");
    return token.userId;
  }
  const id = context.userId;
  if (!id) throw new DomainError(PasskeyErrorCode.CEREMONY_FAILED, "The ceremony names no user");
  if (context.newUser) {
    // The username must be unique in the realm and the contract has none: the id serves.
    await tx.insert(tables.users).values({ id, realmId, username: id, displayName: context.displayName ?? null, createdAt: now, updatedAt: now });
    await recordAudit(tx, { action: "user.create", actor: { type: "user", id }, subjectType: "user", subjectId: id, changes: { displayName: context.displayName } }, now);
  }
  return id;
}
