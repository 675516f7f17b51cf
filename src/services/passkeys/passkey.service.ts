import { randomUUID } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { and, eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { ResetTokenKind } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError, ErrorCode, isId } from "../errors/index.js";
import { checkDisplayName } from "../orgs/index.js";
import { createSessionService } from "../sessions/index.js";
import { createUserService } from "../users/index.js";
import { credentialsOf, passkeySessionsOf, visitsOf } from "./account.js";
import { finishAuthentication, startAuthentication } from "./authentication.js";
import { bootstrapPasskeyAdmin } from "./bootstrap.js";
import { renewalDue, renewIfDue, resolveBrowserSession, SESSION_LIFETIME_SECONDS, type BrowserSession, type SessionClient } from "./browser-session.js";
import type { PasskeyDeps } from "./deps.js";
import { PasskeyErrorCode } from "./error-codes.js";
import { finishRegistration, startRegistration } from "./registration.js";
import { ADMIN_LINK_TTL_MS, createResetLink, DEVICE_LINK_TTL_MS, findResetLink } from "./reset-links.js";
import { passkeySettingsOf } from "./settings.js";

/** Who a registration is for: a reset link, the signed-in user, or a new user with a display name. */
export type RegistrationFor = { resetToken: string } | { userId: string } | { displayName: string };

export function createPasskeyService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const settings = passkeySettingsOf(config);
  const defaultRealm = config?.defaultRealm ?? "master";
  const p: PasskeyDeps = {
    db,
    clock,
    settings,
    ceremonyTimeoutMs: (config?.passkeyCeremonyTimeoutSeconds ?? 120) * 1000,
    async realmId() {
      const [realm] = await db.select({ id: tables.realms.id }).from(tables.realms).where(eq(tables.realms.name, defaultRealm)).limit(1);
      if (!realm) throw new DomainError(ErrorCode.REALM_NOT_FOUND, "realm not found");
      return realm.id;
    },
  };
  const sessions = createSessionService(deps);
  const users = createUserService(deps);
  /** last_seen is written after the ceremony's commit: its transaction holds a share lock on the user row (see createSession). */
  const seen = async <T extends { userId: string }>(result: T): Promise<T> => {
    await users.recordLogin(result.userId, clock.now());
    return result;
  };
  const lifetimeMs = SESSION_LIFETIME_SECONDS * 1000;

  async function userName(userId: string) {
    const [user] = await db.select({ name: tables.users.displayName }).from(tables.users).where(eq(tables.users.id, userId)).limit(1);
    if (!user) throw new DomainError(ErrorCode.USER_NOT_FOUND, "user not found");
    return user.name ?? "";
  }

  /** Reset links for a user: a device addition for oneself (24 h), or from an admin (14 days). */
  async function createLink(userId: string, kind: ResetTokenKind, ttlMs: number, actor: Actor) {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const link = await createResetLink(tx, now, userId, kind, ttlMs);
      await recordAudit(tx, { action: "passkey.link", actor, subjectType: "user", subjectId: userId, changes: { kind, expiresAt: link.expiresAt.toISOString() } }, now);
      return { ...link, kind };
    });
  }

  return {
    settings,
    ceremonyTimeoutMs: p.ceremonyTimeoutMs,
    bootstrap: () => bootstrapPasskeyAdmin(p),

    async startRegistration(forWhom: RegistrationFor) {
      if ("resetToken" in forWhom) {
        const link = await findResetLink(db, clock.now(), forWhom.resetToken, settings.rpName);
        const existing = (await credentialsOf(db, link.userId)).map((c) => c.credentialId);
        return startRegistration(p, { id: link.userId, name: link.userName ?? "", existing }, { userId: link.userId, resetKey: link.key });
      }
      if ("userId" in forWhom) {
        const existing = (await credentialsOf(db, forWhom.userId)).map((c) => c.credentialId);
        return startRegistration(p, { id: forWhom.userId, name: await userName(forWhom.userId), existing }, { userId: forWhom.userId });
      }
      const displayName = checkDisplayName(forWhom.displayName);
      const id = randomUUID();
      return startRegistration(p, { id, name: displayName, existing: [] }, { userId: id, newUser: true, displayName });
    },
    finishRegistration: async (response: RegistrationResponseJSON, origin: string, client: SessionClient) => seen(await finishRegistration(p, response, origin, client)),
    startAuthentication: () => startAuthentication(p),
    finishAuthentication: async (response: AuthenticationResponseJSON, origin: string, client: SessionClient) => seen(await finishAuthentication(p, response, origin, client)),

    resolveSession: (token: string, host: string | undefined) => resolveBrowserSession(db, clock, settings.rpId, token, host),
    renewIfDue: (sessionId: string, client: SessionClient) => renewIfDue(db, clock, sessionId, client),
    renewalDue: (session: BrowserSession) => renewalDue(session.expiresAt, clock.now()),
    /** Ends one of the user's own passkey sessions; another user's is "not found". */
    async endSession(userId: string, sessionId: string, actor: Actor, reasonCode: string) {
      const own = isId(sessionId) ? await sessions.byId(sessionId) : undefined;
      if (!own || own.userId !== userId || own.status !== "active") throw new DomainError(ErrorCode.SESSION_NOT_FOUND, "Session not found");
      await sessions.revoke(sessionId, reasonCode, actor);
    },
    logoutAll: (userId: string, actor: Actor) => sessions.revokeAllOfUser(userId, "passkey_logout_all", actor),

    findResetLink: (passphrase: string) => findResetLink(db, clock.now(), passphrase, settings.rpName),
    createDeviceLink: (userId: string, actor: Actor) => createLink(userId, "device addition", DEVICE_LINK_TTL_MS, actor),
    /** An admin's link: registration for a user without passkeys, recovery for one with. */
    async createAdminLink(userId: string, actor: Actor) {
      const kind: ResetTokenKind = (await credentialsOf(db, userId)).length === 0 ? "user registration" : "account recovery";
      return createLink(userId, kind, ADMIN_LINK_TTL_MS, actor);
    },
    /** Where a link's passphrase goes: the auth host's root, or /auth/ of the public URL. */
    linkUrl(passphrase: string) {
      return config?.authHost ? `https://${config.authHost}/${passphrase}` : `${config?.publicUrl ?? ""}/auth/${passphrase}`;
    },

    credentials: (userId: string) => credentialsOf(db, userId),
    sessions: (userId: string) => passkeySessionsOf(db, userId, clock.now(), lifetimeMs),
    visits: (userId: string) => visitsOf(db, userId),
    async deleteCredential(userId: string, credentialUuid: string, actor: Actor) {
      const t = tables.passkeyCredentials;
      await db.transaction(async (tx) => {
        const deleted = isId(credentialUuid) ? await tx.delete(t).where(and(eq(t.id, credentialUuid), eq(t.userId, userId))).returning({ id: t.id }) : [];
        if (deleted.length === 0) throw new DomainError(PasskeyErrorCode.CREDENTIAL_NOT_FOUND, "Credential not found");
        await recordAudit(tx, { action: "passkey.delete", actor, subjectType: "user", subjectId: userId, changes: { credentialUuid } }, clock.now());
      });
    },
  };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
