export { createOidcService, type OidcService } from "./oidc.service.js";
export { OidcErrorCode } from "./error-codes.js";
export type { TokenSet } from "./token-set.js";
export type { UserInfoClaims } from "./claims.js";
export type { Introspection } from "./introspection.js";
export { SUPPORTED_SCOPES } from "./scopes.js";
