import { createHash, randomUUID } from "node:crypto";
import type { RealmRow, SessionRow, UserRow } from "#src/db/schema/index.js";
import { tokenProfileClaims } from "./claims.js";
import { hasScope } from "./scopes.js";
import { accessExpiresAt } from "./session-rules.js";

/** What the token endpoint answers (Keycloak's AccessTokenResponse). */
export interface TokenSet {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  tokenType: "Bearer";
  idToken: string | null;
  notBeforePolicy: number;
  sessionState: string;
  scope: string;
}

export interface TokenSetInput {
  realm: RealmRow;
  issuer: string;
  user: UserRow;
  session: SessionRow;
  clientId: string;
  scope: string;
  /** The refresh token's row, already stored: its id is the token's jti. */
  refreshToken: { id: string; expiresAt: Date };
  now: Date;
}

/** Signs with the realm's active key (TokenService.signer). */
export type Signer = (payload: Record<string, unknown>) => Promise<string>;

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** OIDC Core 3.1.3.6: the left half of the SHA-256 of the access token. */
function atHash(accessToken: string): string {
  return createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
}

/** Access (typ Bearer), refresh (typ Refresh) and, with openid, ID (typ ID) tokens, all signed with the realm's key. */
export async function signTokenSet(sign: Signer, input: TokenSetInput): Promise<TokenSet> {
  const { realm, issuer, user, session, clientId, scope, now } = input;
  const iat = seconds(now);
  const exp = seconds(accessExpiresAt(session, realm, now));
  const refreshExp = seconds(input.refreshToken.expiresAt);
  const common = { iat, iss: issuer, sub: user.id, azp: clientId, sid: session.id, session_state: session.id, scope };
  const profile = tokenProfileClaims(user);
  // The signatures run in libuv's thread pool (WebCrypto): the access and refresh tokens side by side.
  const [accessToken, refreshToken] = await Promise.all([
    sign({ ...common, exp, jti: randomUUID(), aud: "account", typ: "Bearer", ...profile }),
    sign({ ...common, exp: refreshExp, jti: input.refreshToken.id, aud: issuer, typ: "Refresh" }),
  ]);
  const idToken = hasScope(scope, "openid")
    ? await sign({ ...common, exp, jti: randomUUID(), aud: clientId, typ: "ID", auth_time: seconds(session.createdAt), at_hash: atHash(accessToken), ...profile })
    : null;
  return {
    accessToken,
    expiresIn: exp - iat,
    refreshToken,
    refreshExpiresIn: refreshExp - iat,
    tokenType: "Bearer",
    idToken,
    notBeforePolicy: 0,
    sessionState: session.id,
    scope,
  };
}
