export const statusDocuments = {
  brokerStatus: `query BrokerStatus { storeAvailable }`,
};
