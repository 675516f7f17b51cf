import type { ClientRow, RealmRow } from "#src/db/schema/index.js";
import type { ClientService } from "../clients/index.js";
import { DomainError } from "../errors/index.js";
import { OidcErrorCode } from "./error-codes.js";

export interface ClientCredentials {
  clientId?: string | null;
  clientSecret?: string | null;
  /** The caller's address, where the flow knows it: secret failures count against it too. */
  ip?: string | null;
}

const invalidClient = () => new DomainError(OidcErrorCode.INVALID_CLIENT, "invalid client or invalid client credentials", { field: "clientId" });

/**
 * Keycloak's client authentication: a public client names itself; a confidential one also
 * proves its secret (from the form or HTTP Basic, which the caller has already merged).
 */
export async function authenticateClient(clients: ClientService, realm: RealmRow, credentials: ClientCredentials): Promise<ClientRow> {
  if (!credentials.clientId) throw invalidClient();
  const client = await clients.find(realm.id, credentials.clientId);
  if (!client || !client.enabled) throw invalidClient();
  if (client.public) return client;
  if (!credentials.clientSecret) throw new DomainError(OidcErrorCode.CLIENT_SECRET_MISSING, "client secret not provided in request", { field: "clientSecret" });
  if (!(await clients.verifyClientSecret(client, credentials.clientSecret, credentials.ip))) {
    throw new DomainError(OidcErrorCode.INVALID_CLIENT_CREDENTIALS, "invalid client or invalid client credentials", { field: "clientSecret" });
  }
  return client;
}
