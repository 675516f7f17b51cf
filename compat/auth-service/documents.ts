/** The GraphQL operations behind the auth-service routes; validated against the schema at start-up. */
export const documents = {
  login: `mutation AuthServiceLogin($input: AuthTicketLoginInput!) {
    authTicketLogin(input: $input) { userId sessionId accessToken refreshToken }
  }`,
  revokeSession: `mutation AuthServiceRevokeSession($id: ID!, $reasonCode: String!) {
    revokeSession(id: $id, reasonCode: $reasonCode) { outcome }
  }`,
  revokeOtherSessions: `mutation AuthServiceRevokeOtherSessions($userId: ID!, $keep: ID!, $reasonCode: String!) {
    revokeAllUserSessions(userId: $userId, reasonCode: $reasonCode, exceptSessionId: $keep) { outcome sessionIds }
  }`,
  listSessions: `query AuthServiceListSessions($userId: ID!, $after: String) {
    userSessions(userId: $userId, status: ACTIVE, first: 100, after: $after) { nodes { id } endCursor hasNextPage }
  }`,
  hash: `query AuthServiceHash($value: String!) { hashValue(value: $value) }`,
  isEquals: `query AuthServiceIsEquals($value: String!, $hash: String!) { valueMatchesHash(value: $value, hash: $hash) }`,
};

export type AuthServiceDocument = keyof typeof documents;

/** The documents one contract of this folder runs (each is validated and compiled at start-up). */
export function documentsFor<D extends AuthServiceDocument>(...names: D[]): Record<D, string> {
  return Object.fromEntries(names.map((name) => [name, documents[name]])) as Record<D, string>;
}

export interface GraphTicket {
  userId: number;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
}

export interface GraphSessionPage {
  nodes: { id: string }[];
  endCursor: string | null;
  hasNextPage: boolean;
}
