import { ApiKeyResolver } from "./api-key.resolver.js";
import { AuditResolver } from "./audit.resolver.js";
import { BlockResolver } from "./block.resolver.js";
import { ClientResolver } from "./client.resolver.js";
import { DeviceLoginResolver } from "./device-login.resolver.js";
import { OutboxResolver } from "./outbox.resolver.js";
import { RealmResolver } from "./realm.resolver.js";
import { SessionResolver } from "./session.resolver.js";
import { UserResolver } from "./user.resolver.js";

export const resolvers = [
  RealmResolver,
  ClientResolver,
  UserResolver,
  SessionResolver,
  DeviceLoginResolver,
  BlockResolver,
  ApiKeyResolver,
  AuditResolver,
  OutboxResolver,
] as const;
