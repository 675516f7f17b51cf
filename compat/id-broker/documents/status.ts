export const statusDocuments = {
  brokerStatus: `query BrokerStatus($realm: String!) { realm(name: $realm) { id } }`,
};
