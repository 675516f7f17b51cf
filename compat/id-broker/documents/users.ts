import { brokerUserFragment, userVariables } from "./user-fragment.js";

export const userDocuments = {
  getUser: `query BrokerGetUser($employeeId: String!, ${userVariables}) {
    user: userByEmployeeId(employeeId: $employeeId) { ...BrokerUser }
  } ${brokerUserFragment}`,
  findUserId: `query BrokerFindUserId($employeeId: String!) { user: userByEmployeeId(employeeId: $employeeId) { id email } }`,
  listUsers: `query BrokerListUsers($username: String, $email: String, $search: String, $after: String, ${userVariables}) {
    users(first: 100, after: $after, username: $username, email: $email, search: $search) { nodes { ...BrokerUser } hasNextPage endCursor }
  } ${brokerUserFragment}`,
  createUser: `mutation BrokerCreateUser($input: CreateUserInput!, ${userVariables}) {
    user: createUser(input: $input) { ...BrokerUser }
  } ${brokerUserFragment}`,
  updateUser: `mutation BrokerUpdateUser($id: ID!, $input: UpdateUserInput!, ${userVariables}) {
    user: updateUser(id: $id, input: $input) { ...BrokerUser }
  } ${brokerUserFragment}`,
  recordUserLogin: `mutation BrokerRecordUserLogin($id: ID!) { user: recordUserLogin(id: $id) { employeeId lastLoginAt } }`,
};
