import type { UserRow } from "#src/db/schema/index.js";

/** The identity documents the Lacpass userinfo schema allows (users.attributes.documentType). */
const DOCUMENT_TYPES = ["passport", "id"] as const;

export interface UserInfoClaims {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  preferred_username: string;
  email?: string;
  email_verified: boolean;
  locale?: string;
  document_type?: (typeof DOCUMENT_TYPES)[number];
  identifier?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The user's profile as OIDC claims; absent values are left out rather than sent as null. */
export function userInfoClaims(user: UserRow): UserInfoClaims {
  const fullName = [user.firstName, user.lastName].filter(Boolean).join(" ");
  const documentType = text(user.attributes.documentType);
  const claims: UserInfoClaims = {
    sub: user.id,
    name: text(fullName) ?? text(user.displayName),
    given_name: text(user.firstName),
    family_name: text(user.lastName),
    preferred_username: user.username,
    email: text(user.email),
    email_verified: user.emailVerified,
    locale: text(user.locale),
    document_type: DOCUMENT_TYPES.find((t) => t === documentType),
    identifier: text(user.attributes.identifier),
  };
  return Object.fromEntries(Object.entries(claims).filter(([, v]) => v !== undefined)) as unknown as UserInfoClaims;
}

/** Profile claims Keycloak also puts into access and ID tokens (its profile and email scopes). */
export function tokenProfileClaims(user: UserRow): Record<string, unknown> {
  const { sub: _sub, locale: _locale, document_type: _documentType, identifier: _identifier, ...profile } = userInfoClaims(user);
  return profile;
}
