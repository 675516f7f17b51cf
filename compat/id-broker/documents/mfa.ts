/** The GraphQL operations behind /mfa and /user/{employee_id}/mfa. */
const mfaFragment = `fragment BrokerMfa on MfaOption { id type label createdAt lastUsedAt data }`;

export const mfaDocuments = {
  mfaList: `query BrokerMfaList($employeeId: String!, $rpOrigin: String) {
    mfa: mfaOptions(employeeId: $employeeId, rpOrigin: $rpOrigin) { ...BrokerMfa }
  } ${mfaFragment}`,
  mfaCreate: `mutation BrokerMfaCreate($input: CreateMfaInput!) { created: createMfa(input: $input) { id data } }`,
  mfaVerify: `mutation BrokerMfaVerify($input: VerifyMfaInput!) { mfa: verifyMfa(input: $input) { ...BrokerMfa } } ${mfaFragment}`,
  mfaUpdateLabel: `mutation BrokerMfaUpdateLabel($input: UpdateMfaLabelInput!) { mfa: updateMfaLabel(input: $input) { ...BrokerMfa } } ${mfaFragment}`,
  mfaDelete: `mutation BrokerMfaDelete($input: MfaRefInput!) { deleted: deleteMfa(input: $input) }`,
  mfaUpdateWebauthn: `mutation BrokerMfaUpdateWebauthn($input: UpdateWebauthnCredentialInput!) {
    credential: updateWebauthnCredential(input: $input) { id mfaId keyHandleHash label createdAt lastUsedAt }
  }`,
  mfaDeleteWebauthn: `mutation BrokerMfaDeleteWebauthn($input: WebauthnCredentialRefInput!) { deleted: deleteWebauthnCredential(input: $input) }`,
};
