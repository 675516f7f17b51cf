import { isEmail } from "class-validator";
import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { MfaRow, MfaType, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { announceVerified } from "./announce.js";
import { BACKUP_CODE_COUNT, CONTACT_CODE_LIFETIME_MS, codeHash, newCode } from "./codes.js";
import { mailContactCode, mailUser } from "./emails.js";
import { MfaErrorCode } from "./error-codes.js";
import { DEFAULT_LABELS, isMfaType, labelOrDefault } from "./labels.js";
import { findOwner, ownerGiven, type Owner } from "./owner.js";
import { rpOriginAllowed, type MfaSettings } from "./settings.js";
import { newTotp, sealTotpSecret } from "./totp.js";
import { startRegistration } from "./webauthn.js";

export interface CreateMfaInput {
  owner: Owner;
  type: string;
  label?: string | null;
  recoveryEmail?: string | null;
  rpOrigin?: string | null;
}

export interface CreatedMfa {
  id: number;
  /** backupcode: the codes; totp: {totpKey, otpAuthUrl, imageUrl}; webauthn: {publicKey}; manager, recovery: []. */
  data: unknown;
}

/** The checks of POST /mfa, in the deployed broker's order (reference §4). */
async function checkCreate(db: Db, settings: MfaSettings, input: CreateMfaInput): Promise<{ user: UserRow; type: MfaType; label: string }> {
  const { type } = input;
  if (!isMfaType(type)) throw new DomainError(MfaErrorCode.MFA_TYPE_INVALID, "The provided type is not a supported MFA type", { field: "type" });
  if (!ownerGiven(input.owner)) throw new DomainError(MfaErrorCode.MFA_EMPLOYEE_ID_REQUIRED, "employee_id is required", { field: "employeeId" });
  const user = await findOwner(db, input.owner);
  if (!user) throw new DomainError(MfaErrorCode.MFA_USER_NOT_FOUND, "User not found", { field: "employeeId" });
  if (!rpOriginAllowed(settings, input.rpOrigin)) throw new DomainError(MfaErrorCode.MFA_RP_ORIGIN_INVALID, `Invalid rpOrigin: ${input.rpOrigin}`, { field: "rpOrigin" });
  if (type === "manager" && !(user.managerEmail && isEmail(user.managerEmail))) {
    throw new DomainError(MfaErrorCode.MFA_MANAGER_EMAIL_MISSING, "Manager email must be valid for this MFA type", { field: "type" });
  }
  if (type === "recovery" && !(input.recoveryEmail && isEmail(input.recoveryEmail))) {
    throw new DomainError(MfaErrorCode.MFA_RECOVERY_EMAIL_INVALID, "Recovery email must be valid for this MFA type.", { field: "recoveryEmail" });
  }
  return { user, type, label: labelOrDefault(input.label, DEFAULT_LABELS[type]) };
}

async function verifiedOfType(tx: Db, userId: string, type: MfaType): Promise<MfaRow | undefined> {
  const m = tables.mfas;
  const [row] = await tx.select().from(m).where(and(eq(m.userId, userId), eq(m.type, type), eq(m.verified, true))).limit(1);
  return row;
}

/** One pending enrolment per type: a new start replaces an unfinished one. */
async function dropUnverified(tx: Db, userId: string, type: MfaType): Promise<void> {
  const m = tables.mfas;
  await tx.delete(m).where(and(eq(m.userId, userId), eq(m.type, type), eq(m.verified, false)));
}

async function insertMfa(tx: Db, values: { userId: string; type: MfaType; label: string; verified: boolean }, now: Date): Promise<MfaRow> {
  const [row] = await tx.insert(tables.mfas).values({ ...values, createdAt: now }).returning();
  return row!;
}

async function issueCodes(tx: Db, settings: MfaSettings, mfaId: number, count: number, now: Date, expiresAt: Date | null): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newCode());
  const key = settings.keys().codes;
  await tx.insert(tables.mfaCodes).values([...codes].map((code) => ({ mfaId, codeHash: codeHash(key, mfaId, code), createdAt: now, expiresAt })));
  return [...codes];
}

export async function createMfa({ db, clock }: ServiceDeps, settings: MfaSettings, input: CreateMfaInput, actor: Actor): Promise<CreatedMfa> {
  const { user, type, label } = await checkCreate(db, settings, input);
  // The TOTP secret and QR image are made before the transaction: no lock is held while drawing.
  const totp = type === "totp" ? await newTotp(settings.issuer, user.username) : undefined;
  if (totp) settings.keys(); // fails here, before any write, when no sealing key can be had
  return db.transaction(async (tx) => {
    // Serialises enrolments of one user, so "reuse the verified one" cannot race into two.
    await tx.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.id, user.id)).for("update");
    const now = clock.now();
    const existing = await verifiedOfType(tx, user.id, type);
    const audit = (action: string, mfa: MfaRow, changes: Record<string, unknown> = {}) =>
      recordAudit(tx, { action, actor, subjectType: "user", subjectId: user.id, changes: { mfaId: mfa.id, type: mfa.type, label: mfa.label, ...changes } }, now);

    switch (type) {
      case "totp": {
        if (existing) throw new DomainError(MfaErrorCode.MFA_TOTP_EXISTS, "An MFA of type totp already exists.");
        await dropUnverified(tx, user.id, type);
        const mfa = await insertMfa(tx, { userId: user.id, type, label, verified: false }, now);
        await tx.update(tables.mfas).set({ totpSecretSealed: sealTotpSecret(settings.keys().totp, mfa.id, totp!.secret) }).where(eq(tables.mfas.id, mfa.id));
        await audit("mfa.create", mfa, { verified: false });
        return { id: mfa.id, data: { totpKey: totp!.secret, otpAuthUrl: totp!.otpAuthUrl, imageUrl: totp!.imageUrl } };
      }
      case "webauthn": {
        let mfa = existing;
        if (!mfa) {
          await dropUnverified(tx, user.id, type);
          mfa = await insertMfa(tx, { userId: user.id, type, label, verified: false }, now);
          await audit("mfa.create", mfa, { verified: false });
        }
        const credentials = await tx.select().from(tables.mfaWebauthnCredentials).where(eq(tables.mfaWebauthnCredentials.mfaId, mfa.id));
        return { id: mfa.id, data: await startRegistration(tx, settings, user, mfa.id, credentials, now) };
      }
      case "backupcode": {
        let mfa: MfaRow;
        if (existing) {
          // New codes replace the old set, and the set dates from now.
          await tx.delete(tables.mfaCodes).where(eq(tables.mfaCodes.mfaId, existing.id));
          [mfa] = (await tx.update(tables.mfas).set({ createdAt: now }).where(eq(tables.mfas.id, existing.id)).returning()) as [MfaRow];
        } else {
          mfa = await insertMfa(tx, { userId: user.id, type, label, verified: true }, now);
        }
        const codes = await issueCodes(tx, settings, mfa.id, BACKUP_CODE_COUNT, now, null);
        await audit(existing ? "mfa.codes.renew" : "mfa.create", mfa, { verified: true, codes: codes.length });
        if (!existing) await announceVerified(tx, user, mfa, now);
        return { id: mfa.id, data: codes };
      }
      case "manager":
      case "recovery": {
        const mfa = existing ?? (await insertMfa(tx, { userId: user.id, type, label, verified: true }, now));
        // Earlier codes stay good: the contact may not have used them yet.
        const [code] = await issueCodes(tx, settings, mfa.id, 1, now, new Date(now.getTime() + CONTACT_CODE_LIFETIME_MS));
        const contact = type === "manager" ? user.managerEmail! : input.recoveryEmail!;
        await mailContactCode(tx, contact, user, code!, now);
        await mailUser(tx, user, "mfa-recovery-help", now, contact);
        await audit(existing ? "mfa.codes.issue" : "mfa.create", mfa, { verified: true, sentTo: contact });
        return { id: mfa.id, data: [] };
      }
    }
  });
}
