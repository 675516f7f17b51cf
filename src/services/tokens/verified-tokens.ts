import type { JWTPayload } from "jose";

interface Verified {
  realmId: string;
  issuer: string;
  kid: string;
  payload: JWTPayload;
}

/**
 * Tokens whose signature has been checked, kept until they expire. A signature is a function of
 * the token's bytes and the key alone, so it is checked once; the time, the key's standing and
 * every stateful rule (the session, the user) are still checked at each use. Bounded: the
 * oldest entry goes first, and a token not kept is simply verified again.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly maxEntries: number) {}

  get(token: string, realmId: string, issuer: string): Verified | undefined {
    const hit = this.entries.get(token);
    return hit && hit.realmId === realmId && hit.issuer === issuer ? hit : undefined;
  }

  remember(token: string, verified: Verified): void {
    this.entries.set(token, verified);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
