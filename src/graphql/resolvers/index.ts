import { ApiKeyResolver } from "./api-key.resolver.js";
import { AuditResolver } from "./audit.resolver.js";
import { AuthenticationResolver } from "./authentication.resolver.js";
import { AuthTicketResolver } from "./auth-ticket.resolver.js";
import { BlockResolver } from "./block.resolver.js";
import { ClientResolver } from "./client.resolver.js";
import { DeviceLoginResolver } from "./device-login.resolver.js";
import { HealthResolver } from "./health.resolver.js";
import { MfaResolver, UserMfaResolver } from "./mfa.resolver.js";
import { OidcResolver } from "./oidc.resolver.js";
import { RecoveryMethodResolver, UserRecoveryMethodResolver } from "./recovery-method.resolver.js";
import { OutboxResolver } from "./outbox.resolver.js";
import { OrgResolver, PermissionResolver } from "./org.resolver.js";
import { PasskeyResolver } from "./passkey.resolver.js";
import { PasskeyCeremonyResolver } from "./passkey-ceremony.resolver.js";
import { OrgMemberResolver, RoleResolver } from "./role.resolver.js";
import { RealmResolver } from "./realm.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { SessionEventResolver } from "./session-event.resolver.js";
import { SigningKeyResolver } from "./signing-key.resolver.js";
import { UserResolver } from "./user.resolver.js";
import { UserAccountResolver } from "./user-account.resolver.js";
import { ValueHashResolver } from "./value-hash.resolver.js";
import { WebhookResolver } from "./webhook.resolver.js";

export const resolvers = [
  RealmResolver,
  ClientResolver,
  UserResolver,
  UserAccountResolver,
  AuthenticationResolver,
  AuthTicketResolver,
  ValueHashResolver,
  SessionResolver,
  SessionEventResolver,
  DeviceLoginResolver,
  BlockResolver,
  ApiKeyResolver,
  AuditResolver,
  OutboxResolver,
  OidcResolver,
  SigningKeyResolver,
  UserMfaResolver,
  MfaResolver,
  UserRecoveryMethodResolver,
  RecoveryMethodResolver,
  HealthResolver,
  OrgResolver,
  PermissionResolver,
  RoleResolver,
  OrgMemberResolver,
  PasskeyResolver,
  PasskeyCeremonyResolver,
  WebhookResolver,
] as const;
