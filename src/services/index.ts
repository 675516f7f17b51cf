import { createApiKeyService } from "./api-keys/index.js";
import { createAuthenticationService } from "./authentication/index.js";
import { createAuthTicketService } from "./auth-tickets/index.js";
import { createInviteService } from "./invites/index.js";
import { createBlockService } from "./blocks/index.js";
import { createClientService } from "./clients/index.js";
import { createDeviceSessionService } from "./device-sessions/index.js";
import { createHealthService } from "./health/index.js";
import { createHousekeeping } from "./housekeeping/index.js";
import type { ServiceDeps } from "./deps/index.js";
import { createOidcService } from "./oidc/index.js";
import { createMfaService } from "./mfa/index.js";
import { createRecoveryMethodService } from "./recovery-methods/index.js";
import { createOutboxService } from "./outbox/index.js";
import { createOrgService } from "./orgs/index.js";
import { createPasskeyService } from "./passkeys/index.js";
import { createPasswordService } from "./passwords/index.js";
import { createRateLimitService } from "./rate-limits/index.js";
import { createRealmService } from "./realms/index.js";
import { createSessionService } from "./sessions/index.js";
import { createWebhookService } from "./session-events/index.js";
import { createUserService } from "./users/index.js";
import { createValueHashService } from "./value-hashes/index.js";
import { listAuditEvents, type AuditFilter } from "./audit/index.js";

/** Every domain service, wired to one database and clock. */
export function createServices(deps: ServiceDeps) {
  return {
    realms: createRealmService(deps),
    clients: createClientService(deps),
    users: createUserService(deps),
    passwords: createPasswordService(deps),
    invites: createInviteService(deps),
    authentication: createAuthenticationService(deps),
    authTickets: createAuthTicketService(deps),
    valueHashes: createValueHashService(),
    sessions: createSessionService(deps),
    webhooks: createWebhookService(deps),
    deviceSessions: createDeviceSessionService(deps),
    blocks: createBlockService(deps),
    apiKeys: createApiKeyService(deps),
    outbox: createOutboxService(deps),
    oidc: createOidcService(deps),
    mfa: createMfaService(deps),
    recoveryMethods: createRecoveryMethodService(deps),
    health: createHealthService(deps),
    housekeeping: createHousekeeping(deps),
    orgs: createOrgService(deps),
    passkeys: createPasskeyService(deps),
    rateLimits: createRateLimitService(deps),
    audit: { list: (filter: AuditFilter) => listAuditEvents(deps.db, filter) },
  };
}

export type Services = ReturnType<typeof createServices>;
export type { ServiceDeps } from "./deps/index.js";
