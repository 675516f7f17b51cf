import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { and, eq, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { PasskeyChallengeRow } from "#src/db/schema/index.js";
import { recordAudit } from "../audit/index.js";
import { DomainError } from "../errors/index.js";
import { ceremonyFailure } from "./ceremony-failure.js";
import { openBrowserSession, type SessionClient } from "./browser-session.js";
import { consumeChallenge, storeChallenge } from "./challenges.js";
import type { PasskeyDeps } from "./deps.js";
import { PasskeyErrorCode } from "./error-codes.js";
import { verifierCredential } from "../webauthn/index.js";

/** Options for navigator.credentials.get() with discoverable credentials: the authenticator picks the user. */
export async function startAuthentication(deps: PasskeyDeps): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({ rpID: deps.settings.rpId, userVerification: "preferred", timeout: deps.ceremonyTimeoutMs });
  await storeChallenge(deps.db, "authentication", options.challenge, {}, deps.clock.now(), deps.ceremonyTimeoutMs);
  return options;
}

export interface AuthenticationResult {
  userId: string;
  sessionToken: string;
}

const failed = (message: string) => new DomainError(PasskeyErrorCode.CEREMONY_FAILED, message);

/**
 * Checks an assertion by a registered passkey (origin, RP id, a live challenge spent here, the
 * signature, and a counter that moves forward: a counter going back means a cloned key), then
 * opens a browser session. The new counter is stored only if no other sign-in stored a higher one.
 */
export async function finishAuthentication(deps: PasskeyDeps, response: AuthenticationResponseJSON, origin: string, client: SessionClient): Promise<AuthenticationResult> {
  const t = tables.passkeyCredentials;
  const [credential] = typeof response.id === "string" ? await deps.db.select().from(t).where(eq(t.credentialId, response.id)).limit(1) : [];
  if (!credential) throw new DomainError(PasskeyErrorCode.PASSKEY_NOT_REGISTERED, `This passkey is no longer registered with ${deps.settings.rpName}`);
  let spent: PasskeyChallengeRow | undefined;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: async (challenge) => !!(spent = await consumeChallenge(deps.db, "authentication", challenge, deps.clock.now())),
      expectedOrigin: origin,
      expectedRPID: deps.settings.rpId,
      credential: verifierCredential(credential),
      requireUserVerification: false,
    });
  } catch (error) {
    throw ceremonyFailure(error);
  }
  if (!verified.verified || !spent) throw failed("The passkey could not be verified");
  const { newCounter, userVerified } = verified.authenticationInfo;
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const moved = await tx
      .update(t)
      .set({ signCount: newCounter, lastUsedAt: now, ...(userVerified ? { lastVerifiedAt: now } : {}) })
      .where(and(eq(t.id, credential.id), newCounter === 0 ? sql`true` : sql`${t.signCount} < ${newCounter}`))
      .returning({ id: t.id });
    if (moved.length === 0) throw failed("The passkey's signature counter did not move forward");
    await recordAudit(tx, { action: "passkey.authenticate", actor: { type: "user", id: credential.userId }, subjectType: "user", subjectId: credential.userId, changes: { credentialUuid: credential.id } }, now);
    const sessionToken = await openBrowserSession(tx, deps.clock, { userId: credential.userId, credentialId: credential.id, client });
    return { userId: credential.userId, sessionToken };
  });
}
