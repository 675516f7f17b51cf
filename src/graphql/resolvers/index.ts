import { ApiKeyResolver } from "./api-key.resolver.js";
import { AuditResolver } from "./audit.resolver.js";
import { AuthenticationResolver } from "./authentication.resolver.js";
import { BlockResolver } from "./block.resolver.js";
import { ClientResolver } from "./client.resolver.js";
import { DeviceLoginResolver } from "./device-login.resolver.js";
import { HealthResolver } from "./health.resolver.js";
import { MfaResolver, UserMfaResolver } from "./mfa.resolver.js";
import { OidcResolver } from "./oidc.resolver.js";
import { RecoveryMethodResolver, UserRecoveryMethodResolver } from "./recovery-method.resolver.js";
import { OutboxResolver } from "./outbox.resolver.js";
import { RealmResolver } from "./realm.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { SigningKeyResolver } from "./signing-key.resolver.js";
import { UserResolver } from "./user.resolver.js";
import { UserAccountResolver } from "./user-account.resolver.js";

export const resolvers = [
  RealmResolver,
  ClientResolver,
  UserResolver,
  UserAccountResolver,
  AuthenticationResolver,
  SessionResolver,
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
] as const;
