/** Who is calling, as established at the edge (bearer key, token, trusted listener). */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "admin" }
  | { kind: "api_key"; keyId: string; scopes: readonly string[] }
  | { kind: "user"; userId: string; realmId: string; sessionId?: string; scopes: readonly string[] }
  /** A trusted caller: the internal listener or a compat layer acting for the contract's own checks. */
  | { kind: "service"; name: string };

/** Who did it, as audit events and revoke columns record it. */
export interface Actor {
  type: string;
  id?: string | null;
}

export const anonymous: Principal = { kind: "anonymous" };
export const systemActor: Actor = { type: "system" };

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case "admin":
      return { type: "admin" };
    case "api_key":
      return { type: "api_key", id: principal.keyId };
    case "user":
      return { type: "user", id: principal.userId };
    case "service":
      return { type: "service", id: principal.name };
    case "anonymous":
      return { type: "anonymous" };
  }
}
