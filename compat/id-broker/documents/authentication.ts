import { brokerUserFragment, userVariables } from "./user-fragment.js";

export const authenticationDocuments = {
  authenticate: `mutation BrokerAuthenticate($input: AuthenticateInput!, ${userVariables}) {
    authenticate(input: $input) { outcome nag user { ...BrokerUser } }
  } ${brokerUserFragment}`,
};
