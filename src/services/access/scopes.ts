/** Scopes an API key can carry. `admin` implies every other. */
export const Scope = {
  ADMIN: "admin",
  REALMS_READ: "realms:read",
  REALMS_WRITE: "realms:write",
  USERS_READ: "users:read",
  USERS_WRITE: "users:write",
  SESSIONS_READ: "sessions:read",
  SESSIONS_WRITE: "sessions:write",
  BLOCKS_READ: "blocks:read",
  BLOCKS_WRITE: "blocks:write",
  AUDIT_READ: "audit:read",
  OUTBOX_READ: "outbox:read",
  API_KEYS_WRITE: "api-keys:write",
  /** Access to the ID Broker REST contract. */
  ID_BROKER: "id-broker",
} as const;

export type Scope = (typeof Scope)[keyof typeof Scope];

export const allScopes: readonly Scope[] = Object.values(Scope);

export function isScope(value: string): value is Scope {
  return (allScopes as readonly string[]).includes(value);
}
