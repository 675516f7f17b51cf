import type { MfaView } from "./queries.js";

/** What one MFA shows: the broker's `data` is already in the contract's shape for the scenario. */
export interface MfaOptionView {
  id: number;
  type: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  data: unknown;
}

/** The deployed broker returns raw MySQL datetimes inside a WebAuthn MFA's key list. */
export function mysqlDateTime(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 19).replace("T", " ") : null;
}

/** data of a listing: code counts, the WebAuthn keys, nothing for TOTP and recovery contacts. */
export function listData(view: MfaView): unknown {
  switch (view.mfa.type) {
    case "backupcode":
    case "manager":
      return { count: view.codeCount };
    case "webauthn":
      return view.credentials.map((c) => ({ id: c.id, label: c.label, last_used_utc: mysqlDateTime(c.lastUsedAt), created_utc: mysqlDateTime(c.createdAt) }));
    default:
      return [];
  }
}

export function optionView(view: MfaView, data: unknown = listData(view)): MfaOptionView {
  const { mfa } = view;
  return { id: mfa.id, type: mfa.type, label: mfa.label, createdAt: mfa.createdAt, lastUsedAt: mfa.lastUsedAt, data };
}
