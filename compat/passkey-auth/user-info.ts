import type { GraphAccount } from "./documents.js";

/** The contract's user-info body from the graph's PasskeyAccount; `current` marks the caller's own session and host. */
export function userInfoBody(account: GraphAccount, current: { sessionId: string; credentialId: string | null; host: string | null } | undefined) {
  return {
    authenticated: true,
    session_type: "authenticated",
    user: {
      user_uuid: account.user.id,
      user_name: account.user.displayName ?? "",
      created_at: account.user.createdAt,
      last_seen: account.user.lastLoginAt,
      visits: account.visits,
    },
    org: account.org && { uuid: account.org.id, display_name: account.org.displayName, permissions: account.org.permissions },
    role: account.role && { uuid: account.role.id, display_name: account.role.displayName, permissions: account.role.permissions },
    permissions: account.permissions,
    is_global_admin: account.isGlobalAdmin,
    is_org_admin: account.isOrgAdmin,
    credentials: account.credentials.map((c) => ({
      credential_uuid: c.id,
      aaguid: c.aaguid,
      created_at: c.createdAt,
      last_used: c.lastUsedAt,
      last_verified: c.lastVerifiedAt,
      sign_count: c.signCount,
      is_current_session: current?.credentialId === c.id,
    })),
    // Authenticator names and icons come from a metadata service this server does not carry.
    aaguid_info: {},
    sessions: account.sessions.map((s) => ({
      id: s.id,
      host: s.host,
      ip: s.ip,
      user_agent: s.userAgent,
      last_renewed: s.lastRenewed,
      is_current: current?.sessionId === s.id,
      is_current_host: current !== undefined && s.host === current.host,
    })),
  };
}
