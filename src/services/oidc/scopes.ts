import { DomainError } from "../errors/index.js";
import { OidcErrorCode } from "./error-codes.js";

/** Always granted, as Keycloak's default client scopes are. */
export const DEFAULT_SCOPES = ["profile", "email"] as const;
/** Granted when asked for: openid gives an ID token and the userinfo endpoint. */
export const OPTIONAL_SCOPES = ["openid"] as const;
export const SUPPORTED_SCOPES: readonly string[] = [...OPTIONAL_SCOPES, ...DEFAULT_SCOPES];

const words = (scope: string | null | undefined) => new Set((scope ?? "").split(" ").filter(Boolean));

function format(optional: Iterable<string>): string {
  const granted = new Set(optional);
  return [...OPTIONAL_SCOPES.filter((s) => granted.has(s)), ...DEFAULT_SCOPES].join(" ");
}

/** The scope of a new grant: the defaults, plus openid when requested. Scopes the server does not know are ignored, as Keycloak's optional scopes are when the client lacks them. */
export function grantScope(requested: string | null | undefined): string {
  return format(words(requested));
}

/** A refresh may narrow the scope (drop openid) but never widen it. */
export function narrowScope(original: string, requested: string | null | undefined): string {
  if (requested === null || requested === undefined) return original;
  const had = words(original);
  const asked = [...words(requested)].filter((s) => SUPPORTED_SCOPES.includes(s));
  const widened = asked.filter((s) => !had.has(s));
  if (widened.length > 0) throw new DomainError(OidcErrorCode.INVALID_SCOPE, `Invalid scopes: ${widened.join(" ")}`, { field: "scope" });
  return format(asked);
}

export function hasScope(scope: string, wanted: string): boolean {
  return words(scope).has(wanted);
}
