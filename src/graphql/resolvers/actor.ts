import { actorOf, type Actor, type Principal } from "#src/services/access/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import type { ActorInput } from "../inputs/index.js";

/** An explicit actor is taken only from trusted callers; everyone else is recorded as who they are. */
export function actingAs(principal: Principal, explicit: ActorInput | null | undefined): Actor {
  if (!explicit) return actorOf(principal);
  if (principal.kind !== "admin" && principal.kind !== "service") {
    throw new DomainError(ErrorCode.FORBIDDEN, "only admins and trusted services may name an actor");
  }
  return { type: explicit.type, id: explicit.id ?? null };
}

/** GraphQL passes null for omitted-but-sent fields; columns that cannot be null take "unchanged" instead. */
export function withoutNulls<T extends object>(input: T, notNullable: readonly PropertyKey[]): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(input) as [keyof T, T[keyof T]][]) {
    if (value === undefined || (value === null && notNullable.includes(key))) continue;
    out[key] = value;
  }
  return out;
}
