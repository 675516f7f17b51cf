/** The GraphQL operations behind /method and /user/{employee_id}/method. */
const methodFragment = `fragment BrokerMethod on RecoveryMethod { uid value verified createdAt }`;

export const methodDocuments = {
  methodList: `query BrokerMethodList($employeeId: String!) { methods: userRecoveryMethods(employeeId: $employeeId) { ...BrokerMethod } } ${methodFragment}`,
  methodGet: `query BrokerMethodGet($input: RecoveryMethodRefInput!) { method: recoveryMethod(input: $input) { ...BrokerMethod } } ${methodFragment}`,
  methodCreate: `mutation BrokerMethodCreate($input: CreateRecoveryMethodInput!) { method: createRecoveryMethod(input: $input) { ...BrokerMethod } } ${methodFragment}`,
  methodVerify: `mutation BrokerMethodVerify($uid: String!, $code: JSON) { method: verifyRecoveryMethod(uid: $uid, code: $code) { ...BrokerMethod } } ${methodFragment}`,
  methodResend: `mutation BrokerMethodResend($input: RecoveryMethodRefInput!) { sent: resendRecoveryMethodCode(input: $input) }`,
  methodDelete: `mutation BrokerMethodDelete($input: RecoveryMethodRefInput!) { deleted: deleteRecoveryMethod(input: $input) }`,
};
