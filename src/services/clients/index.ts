export { CLIENT_ID, createClientService, GRANT_TYPES, type ClientService, type GrantType, type NewClient } from "./client.service.js";
