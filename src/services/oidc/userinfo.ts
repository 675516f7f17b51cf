import { DomainError } from "../errors/index.js";
import { authenticateToken } from "./access-token.js";
import { userInfoClaims, type UserInfoClaims } from "./claims.js";
import { protocolRealm, type OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { hasScope } from "./scopes.js";

/** The userinfo endpoint: a live access token of this realm with the openid scope. */
export async function userInfo(ctx: OidcContext, realmName: string, accessToken: string | null | undefined): Promise<UserInfoClaims> {
  const realm = await protocolRealm(ctx, realmName);
  if (!accessToken) throw new DomainError(OidcErrorCode.BEARER_TOKEN_MISSING, "Token not provided");
  const { user, claims } = await authenticateToken(ctx, realm, accessToken);
  if (!hasScope(claims.scope, "openid")) throw new DomainError(OidcErrorCode.INSUFFICIENT_SCOPE, "Missing openid scope");
  return userInfoClaims(user);
}
