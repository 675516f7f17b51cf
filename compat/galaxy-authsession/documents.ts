/** The GraphQL operations behind the Galaxy routes; validated against the schema at start-up. */
const sessionFields = `
  fragment GalaxySession on Session {
    id userId clientPublicKey status createdAt revokedAt revokeReasonCode revokeActorType revokeActorId
  }`;

export const documents = {
  getSession: `query GetSession($id: ID!) { session(id: $id) { ...GalaxySession } } ${sessionFields}`,
  listUserSessions: `query ListUserSessions($userId: ID!) { user(id: $userId) { sessions { ...GalaxySession } } } ${sessionFields}`,
  revokeSession: `mutation RevokeSession($id: ID!, $reasonCode: String!, $actor: ActorInput!) {
    revokeSession(id: $id, reasonCode: $reasonCode, actor: $actor) { outcome session { id } }
  }`,
  revokeAllUserSessions: `mutation RevokeAllUserSessions($userId: ID!, $reasonCode: String!, $actor: ActorInput!) {
    revokeAllUserSessions(userId: $userId, reasonCode: $reasonCode, actor: $actor) { outcome userId sessionIds }
  }`,
  blockSubject: `mutation BlockSubject($input: BlockSubjectInput!) {
    blockSubject(input: $input) { outcome block { subjectKind subjectValue } sessionIds }
  }`,
};

export type GalaxyDocument = keyof typeof documents;

export interface GraphSession {
  id: string;
  userId: string;
  clientPublicKey: string | null;
  status: string;
  createdAt: string;
  revokedAt: string | null;
  revokeReasonCode: string | null;
  revokeActorType: string | null;
  revokeActorId: string | null;
}
