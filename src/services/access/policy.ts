import { DomainError, ErrorCode } from "../errors/index.js";
import type { Principal } from "./principal.js";
import { Scope } from "./scopes.js";

/** What a user may do to their own records with their own access token. */
const selfScopes: ReadonlySet<Scope> = new Set([Scope.USERS_READ, Scope.SESSIONS_READ, Scope.SESSIONS_WRITE]);

export interface Resource {
  /** The user the record belongs to; a user principal may act only on its own. */
  ownerId?: string;
}

export function can(principal: Principal, scope: Scope, resource: Resource = {}): boolean {
  switch (principal.kind) {
    case "admin":
    case "service":
      return true;
    case "api_key":
      return principal.scopes.includes(Scope.ADMIN) || principal.scopes.includes(scope);
    case "user":
      return selfScopes.has(scope) && resource.ownerId !== undefined && resource.ownerId === principal.userId;
    case "anonymous":
      return false;
  }
}

/** Throws UNAUTHENTICATED for no credentials, FORBIDDEN for too few rights. */
export function requireScope(principal: Principal, scope: Scope, resource: Resource = {}): void {
  if (principal.kind === "anonymous") throw new DomainError(ErrorCode.UNAUTHENTICATED, "authentication required");
  if (!can(principal, scope, resource)) throw new DomainError(ErrorCode.FORBIDDEN, `not allowed: ${scope}`);
}
