export const passwordDocuments = {
  setPassword: `mutation BrokerSetPassword($userId: ID!, $password: String!) { setPassword(userId: $userId, password: $password, notifyUser: true) }`,
  assessPassword: `mutation BrokerAssessPassword($userId: ID!, $password: String!) { assessPassword(userId: $userId, password: $password) }`,
};
