/** The GraphQL operations behind the passkey routes and ceremonies; validated against the schema at start-up. */
const account = `
  fragment PasskeyAccountFields on PasskeyAccount {
    user { id displayName createdAt lastLoginAt }
    org { id displayName permissions }
    role { id displayName permissions }
    permissions isGlobalAdmin isOrgAdmin visits currentSessionId
    credentials { id aaguid createdAt lastUsedAt lastVerifiedAt signCount }
    sessions { id host ip userAgent lastRenewed credentialId }
  }`;

export const documents = {
  account: `query Account { passkeyAccount { ...PasskeyAccountFields } } ${account}`,
  orgUser: `query OrgUser($orgId: ID!, $userId: ID!) { passkeyAccount(orgId: $orgId, userId: $userId) { ...PasskeyAccountFields } } ${account}`,
  resetLink: `query ResetLink($passphrase: String!) { passkeyResetLink(passphrase: $passphrase) { kind userId userName } }`,
  createLink: `mutation CreateLink($orgId: ID, $userId: ID) { createPasskeyLink(orgId: $orgId, userId: $userId) { url expiresAt } }`,
  deletePasskey: `mutation DeletePasskey($id: ID!, $orgId: ID, $userId: ID) { deletePasskey(id: $id, orgId: $orgId, userId: $userId) }`,
  renew: `mutation Renew { renewPasskeySession { renewed expiresAt } }`,
  endSession: `mutation EndSession($id: ID!) { endPasskeySession(id: $id) { currentSessionTerminated } }`,
  logoutAll: `mutation LogoutAll($userId: ID!) { revokeAllUserSessions(userId: $userId, reasonCode: "passkey_logout_all") { outcome } }`,
  setDisplayName: `mutation SetDisplayName($displayName: String!, $orgId: ID, $userId: ID) { setPasskeyDisplayName(displayName: $displayName, orgId: $orgId, userId: $userId) }`,
  startRegistration: `mutation StartRegistration($resetToken: String, $displayName: String) { startPasskeyRegistration(resetToken: $resetToken, displayName: $displayName) }`,
  finishRegistration: `mutation FinishRegistration($response: JSONObject!, $origin: String!) { finishPasskeyRegistration(response: $response, origin: $origin) { userId credentialId sessionToken } }`,
  startAuthentication: `mutation StartAuthentication { startPasskeyAuthentication }`,
  finishAuthentication: `mutation FinishAuthentication($response: JSONObject!, $origin: String!) { finishPasskeyAuthentication(response: $response, origin: $origin) { userId sessionToken } }`,
  orgs: `query Orgs {
    orgs { id displayName permissions roles { id orgId displayName permissions } members { userId roleId user { displayName } } }
  }`,
  createOrg: `mutation CreateOrg($displayName: String!) { createOrg(displayName: $displayName) { id } }`,
  renameOrg: `mutation RenameOrg($id: ID!, $displayName: String!) { renameOrg(id: $id, displayName: $displayName) { id } }`,
  deleteOrg: `mutation DeleteOrg($id: ID!) { deleteOrg(id: $id) }`,
  setOrgPermission: `mutation SetOrgPermission($orgId: ID!, $permissionId: ID!, $granted: Boolean!) { setOrgPermission(orgId: $orgId, permissionId: $permissionId, granted: $granted) }`,
  orgRoles: `query OrgRoles($id: ID!) { org(id: $id) { roles { id displayName } } }`,
  createRole: `mutation CreateRole($orgId: ID!, $displayName: String!, $permissions: [String!]!) { createRole(orgId: $orgId, displayName: $displayName, permissions: $permissions) { id } }`,
  updateRole: `mutation UpdateRole($orgId: ID!, $roleId: ID!, $displayName: String, $permissions: [String!]) {
    updateRole(orgId: $orgId, roleId: $roleId, displayName: $displayName, permissions: $permissions) { id }
  }`,
  deleteRole: `mutation DeleteRole($orgId: ID!, $roleId: ID!) { deleteRole(orgId: $orgId, roleId: $roleId) }`,
  createOrgUser: `mutation CreateOrgUser($orgId: ID!, $displayName: String!, $roleId: ID!) { createOrgUser(orgId: $orgId, displayName: $displayName, roleId: $roleId) { userId } }`,
  setOrgUserRole: `mutation SetOrgUserRole($orgId: ID!, $userId: ID!, $roleId: ID!) { setOrgUserRole(orgId: $orgId, userId: $userId, roleId: $roleId) { roleId } }`,
  permissions: `query Permissions { permissions { id displayName } }`,
  createPermission: `mutation CreatePermission($id: ID!, $displayName: String!) { createPermission(id: $id, displayName: $displayName) { id } }`,
  updatePermission: `mutation UpdatePermission($id: ID!, $newId: ID, $displayName: String) { updatePermission(id: $id, newId: $newId, displayName: $displayName) { id } }`,
  deletePermission: `mutation DeletePermission($id: ID!) { deletePermission(id: $id) }`,
};

export type PasskeyDocument = keyof typeof documents;

export interface GraphAccount {
  user: { id: string; displayName: string | null; createdAt: string; lastLoginAt: string | null };
  org: { id: string; displayName: string; permissions: string[] } | null;
  role: { id: string; displayName: string; permissions: string[] } | null;
  permissions: string[];
  isGlobalAdmin: boolean;
  isOrgAdmin: boolean;
  visits: number;
  currentSessionId: string | null;
  credentials: { id: string; aaguid: string; createdAt: string; lastUsedAt: string | null; lastVerifiedAt: string | null; signCount: number }[];
  sessions: { id: string; host: string | null; ip: string | null; userAgent: string | null; lastRenewed: string; credentialId: string | null }[];
}
