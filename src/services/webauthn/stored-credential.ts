import type { AuthenticatorTransport, WebAuthnCredential } from "@simplewebauthn/server";

/** The columns both WebAuthn tables keep (MFA keys and passkeys). */
export interface StoredCredential {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
}

/** A stored key as @simplewebauthn's verifier takes it. */
export function verifierCredential(stored: StoredCredential): WebAuthnCredential {
  return {
    id: stored.credentialId,
    publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
    counter: stored.signCount,
    transports: stored.transports as AuthenticatorTransport[],
  };
}
