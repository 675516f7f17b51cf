/** The GraphQL operations behind the realm protocol routes; validated against the schema at start-up. */
const tokenSetFields = `
  fragment OidcTokenSet on TokenSet {
    accessToken expiresIn refreshToken refreshExpiresIn tokenType idToken notBeforePolicy sessionState scope
  }`;

export const documents = {
  discovery: `query Discovery($realm: String!) { openIdConfiguration(realm: $realm) }`,
  jwks: `query Jwks($realm: String!) { jsonWebKeySet(realm: $realm) }`,
  authenticateClient: `query AuthenticateClient($input: ClientCredentialsInput!) { authenticateClient(input: $input) { clientId } }`,
  passwordGrant: `mutation PasswordGrant($input: PasswordGrantInput!) { passwordGrant(input: $input) { ...OidcTokenSet } } ${tokenSetFields}`,
  refreshGrant: `mutation RefreshGrant($input: RefreshGrantInput!) { refreshGrant(input: $input) { ...OidcTokenSet } } ${tokenSetFields}`,
  logout: `mutation OidcLogout($input: OidcLogoutInput!) { oidcLogout(input: $input) { sessionId } }`,
  userInfo: `query OidcUserInfo($realm: String!, $accessToken: String) {
    oidcUserInfo(realm: $realm, accessToken: $accessToken) {
      sub name givenName familyName preferredUsername email emailVerified locale documentType identifier
    }
  }`,
  introspect: `query IntrospectToken($input: TokenInput!) { introspectToken(input: $input) { active claims clientId username tokenType } }`,
  revoke: `mutation RevokeToken($input: TokenInput!) { revokeToken(input: $input) }`,
};

export type OidcDocument = keyof typeof documents;

export interface GraphTokenSet {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  tokenType: string;
  idToken: string | null;
  notBeforePolicy: number;
  sessionState: string;
  scope: string;
}

export interface GraphUserInfo {
  sub: string;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  preferredUsername: string;
  email: string | null;
  emailVerified: boolean;
  locale: string | null;
  documentType: string | null;
  identifier: string | null;
}

export interface GraphIntrospection {
  active: boolean;
  claims: Record<string, unknown> | null;
  clientId: string | null;
  username: string | null;
  tokenType: string | null;
}
