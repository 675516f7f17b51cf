import type { RouteDefinition } from "#compat/kit/index.js";
import type { BrokerSettings } from "../settings.js";
import { authenticationRoutes } from "./authentication.js";
import { methodRoutes } from "./methods.js";
import { mfaRoutes } from "./mfa.js";
import { passwordRoutes } from "./passwords.js";
import { statusRoutes } from "./status.js";
import { userRoutes } from "./users.js";

/** Every route of the contract: users, passwords and authentication (D), MFA and recovery methods (E). */
export function brokerRoutes(settings: BrokerSettings): RouteDefinition<string>[] {
  return [
    ...statusRoutes(),
    ...userRoutes(settings),
    ...passwordRoutes(settings),
    ...authenticationRoutes(settings),
    ...(mfaRoutes as RouteDefinition<string>[]),
    ...(methodRoutes as RouteDefinition<string>[]),
  ];
}
