import { REALM_NAME } from "../realms/index.js";

/** Keycloak's issuer: PUBLIC_URL/realms/{realm}. */
export function issuerFor(publicUrl: string, realmName: string): string {
  return `${publicUrl}/realms/${realmName}`;
}

/** The realm an issuer names, when it is one of this server's. */
export function realmNameFromIssuer(publicUrl: string, issuer: unknown): string | undefined {
  const prefix = `${publicUrl}/realms/`;
  if (typeof issuer !== "string" || !issuer.startsWith(prefix)) return undefined;
  const name = issuer.slice(prefix.length);
  return REALM_NAME.test(name) ? name : undefined;
}
