import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { MfaRow, MfaWebauthnCredentialRow, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { announceRemoved } from "./announce.js";
import { optionView, type MfaOptionView } from "./data.js";
import { mailUser } from "./emails.js";
import { MfaErrorCode } from "./error-codes.js";
import { DEFAULT_LABELS, labelOrDefault, MAX_LABEL_LENGTH } from "./labels.js";
import { findOwner, ownerGiven, type Owner } from "./owner.js";
import { mfaOfUser, viewsOf } from "./queries.js";
import { rpOriginAllowed, type MfaSettings } from "./settings.js";

export interface MfaRef {
  owner: Owner;
  mfaId: number;
  rpOrigin?: string | null;
}

/** The checks every PUT/DELETE on /mfa/{id} runs first, in the deployed order. */
async function requestedMfa(db: Db, settings: MfaSettings, ref: MfaRef): Promise<{ user: UserRow; mfa: MfaRow }> {
  if (!ownerGiven(ref.owner)) throw new DomainError(MfaErrorCode.MFA_EMPLOYEE_ID_MISSING, "employee_id is required", { field: "employeeId" });
  const user = await findOwner(db, ref.owner);
  if (!user) throw new DomainError(MfaErrorCode.MFA_EMPLOYEE_INVALID, "Invalid employee_id", { field: "employeeId" });
  const mfa = await mfaOfUser(db, user.id, ref.mfaId);
  if (!mfa) throw new DomainError(MfaErrorCode.MFA_NOT_FOUND, `MFA record for id ${ref.mfaId} not found`);
  if (!rpOriginAllowed(settings, ref.rpOrigin)) throw new DomainError(MfaErrorCode.MFA_MANAGE_RP_ORIGIN_INVALID, "Invalid rpOrigin", { field: "rpOrigin" });
  return { user, mfa };
}

/** Locks the MFA for a change; it may have gone since it was read. */
async function lockMfa(tx: Db, mfaId: number): Promise<MfaRow> {
  const [row] = await tx.select().from(tables.mfas).where(eq(tables.mfas.id, mfaId)).for("update");
  if (!row) throw new DomainError(MfaErrorCode.MFA_NOT_FOUND, `MFA record for id ${mfaId} not found`);
  return row;
}

export function createMfaManagement({ db, clock }: ServiceDeps, settings: MfaSettings) {
  const audit = (tx: Db, user: UserRow, action: string, changes: Record<string, unknown>, actor: Actor) =>
    recordAudit(tx, { action, actor, subjectType: "user", subjectId: user.id, changes }, clock.now());

  /** An absent label leaves the MFA as it is; a blank one restores the type's name. */
  async function updateLabel(ref: MfaRef, label: string | null | undefined, actor: Actor): Promise<MfaOptionView> {
    const { user, mfa } = await requestedMfa(db, settings, ref);
    if (label === null || label === undefined) return optionView((await viewsOf(db, [mfa], clock.now()))[0]!);
    const next = labelOrDefault(label, DEFAULT_LABELS[mfa.type]);
    return db.transaction(async (tx) => {
      await lockMfa(tx, mfa.id);
      const [row] = await tx.update(tables.mfas).set({ label: next }).where(eq(tables.mfas.id, mfa.id)).returning();
      await audit(tx, user, "mfa.label.update", { mfaId: mfa.id, label: next }, actor);
      return optionView((await viewsOf(tx, [row!], clock.now()))[0]!);
    });
  }

  async function removeMfa(tx: Db, user: UserRow, mfa: MfaRow, actor: Actor): Promise<void> {
    await tx.delete(tables.mfas).where(eq(tables.mfas.id, mfa.id));
    await audit(tx, user, "mfa.delete", { mfaId: mfa.id, type: mfa.type, label: mfa.label }, actor);
    await announceRemoved(tx, user, mfa, mfa.label, clock.now());
  }

  /** Deletes the MFA with its codes, keys, challenges and failed attempts (cascade). */
  async function remove(ref: MfaRef, actor: Actor): Promise<void> {
    const { user, mfa } = await requestedMfa(db, settings, ref);
    await db.transaction(async (tx) => removeMfa(tx, user, await lockMfa(tx, mfa.id), actor));
  }

  async function credentialOf(tx: Db, mfaId: number, credentialId: number): Promise<MfaWebauthnCredentialRow | undefined> {
    const w = tables.mfaWebauthnCredentials;
    const [row] = await tx.select().from(w).where(and(eq(w.id, credentialId), eq(w.mfaId, mfaId))).limit(1);
    return row;
  }

  async function updateCredentialLabel(ref: MfaRef, credentialId: number, label: string | null | undefined, actor: Actor): Promise<MfaWebauthnCredentialRow> {
    const { user, mfa } = await requestedMfa(db, settings, ref);
    const next = (label ?? "").trim();
    if (!next) throw new DomainError(MfaErrorCode.MFA_WEBAUTHN_LABEL_BLANK, "Invalid data updating MfaWebauthn label", { field: "label" });
    if (next.length > MAX_LABEL_LENGTH) throw new DomainError(MfaErrorCode.MFA_LABEL_INVALID, `label must be at most ${MAX_LABEL_LENGTH} characters`, { field: "label" });
    return db.transaction(async (tx) => {
      await lockMfa(tx, mfa.id);
      if (!(await credentialOf(tx, mfa.id, credentialId))) {
        throw new DomainError(MfaErrorCode.MFA_WEBAUTHN_CREDENTIAL_NOT_FOUND, `WebAuthn key ${credentialId} not found on MFA ${mfa.id}`);
      }
      const [row] = await tx.update(tables.mfaWebauthnCredentials).set({ label: next }).where(eq(tables.mfaWebauthnCredentials.id, credentialId)).returning();
      await audit(tx, user, "mfa.webauthn.label.update", { mfaId: mfa.id, credentialId, label: next }, actor);
      return row!;
    });
  }

  /** Removes one key; the last key takes its MFA with it. */
  async function removeCredential(ref: MfaRef, credentialId: number, actor: Actor): Promise<void> {
    const { user, mfa } = await requestedMfa(db, settings, ref);
    if (mfa.type !== "webauthn") throw new DomainError(MfaErrorCode.MFA_NOT_WEBAUTHN, `May not delete a credential on a ${mfa.type} mfa type`);
    await db.transaction(async (tx) => {
      const locked = await lockMfa(tx, mfa.id);
      const credential = await credentialOf(tx, mfa.id, credentialId);
      if (!credential) throw new DomainError(MfaErrorCode.MFA_WEBAUTHN_DELETE_NOT_FOUND, `WebAuthn key ${credentialId} not found on MFA ${mfa.id}`);
      const w = tables.mfaWebauthnCredentials;
      await tx.delete(w).where(eq(w.id, credentialId));
      await audit(tx, user, "mfa.webauthn.delete", { mfaId: mfa.id, credentialId, label: credential.label }, actor);
      const left = await tx.select({ id: w.id }).from(w).where(eq(w.mfaId, mfa.id)).limit(1);
      if (left.length === 0) await removeMfa(tx, user, locked, actor);
      else if (locked.verified) await mailUser(tx, user, "mfa-option-removed", clock.now(), credential.label);
    });
  }

  return { updateLabel, remove, updateCredentialLabel, removeCredential };
}
