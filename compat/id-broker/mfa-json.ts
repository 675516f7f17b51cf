import { brokerTime } from "./user-json.js";

/** The graph's view of an MFA, as the broker's MFA documents select it. */
export interface GraphMfa {
  id: number;
  type: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  data: unknown;
}

export interface GraphWebauthnCredential {
  id: number;
  mfaId: number;
  keyHandleHash: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface GraphRecoveryMethod {
  uid: string;
  value: string;
  verified: boolean;
  createdAt: string;
}

/** Mfa::fields of the deployed broker; `data` comes from the graph already in the broker's shape. */
export const mfaJson = (mfa: GraphMfa) => ({
  id: mfa.id,
  type: mfa.type,
  label: mfa.label,
  created_utc: brokerTime(mfa.createdAt),
  last_used_utc: brokerTime(mfa.lastUsedAt),
  data: mfa.data ?? [],
});

/** The credential row the broker answers a WebAuthn label update with (WebauthnResponse). */
export const webauthnJson = (c: GraphWebauthnCredential) => ({
  id: c.id,
  mfa_id: c.mfaId,
  key_handle_hash: c.keyHandleHash,
  label: c.label,
  created_utc: brokerTime(c.createdAt),
  last_used_utc: brokerTime(c.lastUsedAt),
});

/** MethodResponse. */
export const methodJson = (m: GraphRecoveryMethod) => ({ id: m.uid, value: m.value, verified: m.verified, created: brokerTime(m.createdAt) });
