import { createHash, timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import type { Reply } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";
import { principalFromAuthorization } from "#src/graphql/index.js";
import { Scope, type Principal } from "#src/services/access/index.js";
import { DomainError } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";
import { unauthorized } from "./replies.js";

/** The deployed broker's pattern (Yii HttpBearerAuth): the scheme is case-sensitive. */
const BEARER = /^Bearer\s+(.*?)$/;

const digest = (value: string) => createHash("sha256").update(value).digest();

/** The broker's documents run as a trusted service; the name records which kind of key opened it. */
const brokerService = (via: string): Principal => ({ kind: "service", name: via });

/** The only path open without a key. */
const isStatusProbe = (req: Request) => req.method === "GET" && req.originalUrl.split("?")[0] === "/site/status";

/**
 * Who may call the broker: a key of API_ACCESS_KEYS (compared in constant time, every key
 * checked), ADMIN_API_KEY, or a graph API key with the `id-broker` (or `admin`) scope.
 * Anything else is the deployed 401, before any routing.
 */
export function brokerPrincipal(config: Config) {
  const staticKeys = config.apiAccessKeys.map(digest);
  const isStaticKey = (token: string) => {
    const candidate = digest(token);
    let found = false;
    for (const key of staticKeys) found = timingSafeEqual(key, candidate) || found;
    return found;
  };

  return async (req: Request, services: Services): Promise<Principal | Reply> => {
    if (isStatusProbe(req)) return brokerService("id-broker");
    const token = BEARER.exec(req.get("authorization") ?? "")?.[1];
    if (!token) return unauthorized;
    if (isStaticKey(token)) return brokerService("id-broker");
    let principal: Principal;
    try {
      principal = await principalFromAuthorization(`Bearer ${token}`, services, config.adminApiKey);
    } catch (error) {
      if (error instanceof DomainError) return unauthorized;
      throw error;
    }
    if (principal.kind === "admin") return principal;
    if (principal.kind === "api_key" && (principal.scopes.includes(Scope.ID_BROKER) || principal.scopes.includes(Scope.ADMIN))) {
      return brokerService(`id-broker/api_key:${principal.keyId}`);
    }
    return unauthorized;
  };
}
