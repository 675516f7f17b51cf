import { decodeJwt, type JWTPayload } from "jose";
import { eq, sql } from "drizzle-orm";
import { preparedFor, tables } from "#src/db/index.js";
import type { RealmRow, SessionRow, UserRow } from "#src/db/schema/index.js";
import { DomainError, isId } from "../errors/index.js";
import { TokenRejected } from "../tokens/index.js";
import type { OidcContext } from "./context.js";
import { OidcErrorCode } from "./error-codes.js";
import { issuerFor, realmNameFromIssuer } from "./issuer.js";
import { sessionProblem } from "./session-rules.js";

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  sid: string;
  azp: string;
  scope: string;
  iat: number;
  exp: number;
  typ: string;
}

export interface AuthenticatedToken {
  realm: RealmRow;
  user: UserRow;
  session: SessionRow;
  claims: AccessTokenClaims;
}

/** Every bearer request reads its session (exactly: a revoke anywhere is seen at once) and user. */
const sessionWithUser = preparedFor((db) =>
  db
    .select({ session: tables.sessions, user: tables.users })
    .from(tables.sessions)
    .innerJoin(tables.users, eq(tables.users.id, tables.sessions.userId))
    .where(eq(tables.sessions.id, sql.placeholder("sid")))
    .prepare("session_with_user"),
);

const rejected = (message: string) => new DomainError(OidcErrorCode.INVALID_ACCESS_TOKEN, message);

const PROBLEM_MESSAGES: Record<string, string> = {
  [OidcErrorCode.SESSION_NOT_ACTIVE]: "Session not active",
  [OidcErrorCode.STALE_TOKEN]: "Stale token",
  [OidcErrorCode.USER_DISABLED]: "User disabled",
};

function asAccessClaims(payload: JWTPayload, typ: string): AccessTokenClaims {
  const p = payload as Record<string, unknown>;
  if (p.typ !== typ || typeof p.sub !== "string" || typeof p.sid !== "string" || typeof p.azp !== "string" || typeof p.scope !== "string") {
    throw rejected("Token verification failed");
  }
  return payload as AccessTokenClaims;
}

/** The realm a token's issuer names, for callers with no realm in their path (the GraphQL bearer). */
async function realmOfToken(ctx: OidcContext, token: string): Promise<RealmRow> {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw rejected("Token verification failed");
  }
  const name = realmNameFromIssuer(ctx.publicUrl, issuer);
  const realm = name ? await ctx.realms.find(name) : undefined;
  if (!realm || !realm.enabled) throw rejected("Token verification failed");
  return realm;
}

/**
 * A token this server issued (typ Bearer by default; Refresh for introspection), signed by a
 * key of the realm, unexpired, whose session and user still stand, read from their rows now.
 */
export async function authenticateToken(ctx: OidcContext, realm: RealmRow | undefined, token: string, typ = "Bearer"): Promise<AuthenticatedToken> {
  const tokenRealm = realm ?? (await realmOfToken(ctx, token));
  let claims: AccessTokenClaims;
  try {
    claims = asAccessClaims(await ctx.tokens.verify(tokenRealm.id, token, issuerFor(ctx.publicUrl, tokenRealm.name)), typ);
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    throw rejected(error.reason === "expired" ? "Token is not active" : "Token verification failed");
  }
  const [row] = isId(claims.sid) ? await sessionWithUser(ctx.db).execute({ sid: claims.sid }) : [];
  const problem = sessionProblem(row?.session, row?.user, tokenRealm, claims, ctx.clock.now());
  if (problem) throw rejected(PROBLEM_MESSAGES[problem] ?? "Token verification failed");
  return { realm: tokenRealm, user: row!.user, session: row!.session, claims };
}
