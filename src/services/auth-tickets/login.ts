import type { Db } from "#src/db/index.js";
import type { PasswordRow, RealmRow, SessionRow } from "#src/db/schema/index.js";
import { recordAudit } from "../audit/index.js";
import { isUserBlocked } from "../blocks/index.js";
import type { Clock } from "../clock/index.js";
import { DomainError, ErrorCode } from "../errors/index.js";
import { pastGrace, type PasswordService } from "../passwords/index.js";
import { addressSubject, userSubject, type RateLimitService } from "../rate-limits/index.js";
import { createSession } from "../sessions/create.js";
import { isActive, type UserService } from "../users/index.js";
import type { AccessTokens } from "./access-tokens.js";
import { AuthTicketErrorCode } from "./error-codes.js";
import type { RefreshCookies } from "./refresh-cookies.js";

/** A browser session lives as long as the deployed service's cookie: 30 days, unless ended before. */
export const BROWSER_SESSION_SECONDS = 30 * 24 * 60 * 60;

export interface LoginContext {
  db: Db;
  clock: Clock;
  realm(): Promise<RealmRow>;
  users: UserService;
  passwords: PasswordService;
  rateLimits: RateLimitService;
  cookies: RefreshCookies;
  access: AccessTokens;
}

export interface LoginInput {
  username?: string | null;
  password?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** A new ticket: the JWTs of the access token and of the refreshId cookie, and what they name. */
export interface IssuedTicket {
  userId: string;
  numericId: number;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  sessionExpiresAt: Date;
}

/** Stands in for a user id when there is no user, so an unknown login runs the same queries as a known one. */
const NO_USER = "00000000-0000-0000-0000-000000000000";

const invalidCredentials = () => new DomainError(AuthTicketErrorCode.INVALID_CREDENTIALS, "wrong username or password");

/**
 * Login, in this order: both fields present; the user by username or e-mail; the brute-force rule
 * (while the user or the address waits, refused unverified: TOO_MANY_FAILURES); the password, always
 * verified (against a dummy hash when there is no user, so an unknown user costs what a wrong
 * password costs); the block list, also for no user; then lock, activity and password expiry.
 * Every failure is the same error. The session (kind browser) and its audit event are one
 * transaction; the last login time is written after it (see createSession).
 */
export async function login(ctx: LoginContext, input: LoginInput): Promise<IssuedTicket> {
  if (!input.username || !input.password) throw invalidCredentials();
  const realm = await ctx.realm();
  const user = await ctx.users.byLogin(realm.id, input.username);
  const password = input.password;
  let current: PasswordRow | undefined;
  const passwordOk = await ctx.rateLimits.check({
    subjects: [userSubject(user?.id), addressSubject(input.ip)],
    field: "password",
    verify: async () => (current = await ctx.passwords.matchCurrent(user?.id, password)) !== undefined,
  });
  const blocked = await isUserBlocked(ctx.db, user ?? { id: NO_USER, realmId: realm.id, email: null });
  if (!user || !passwordOk || !current || blocked || user.locked || !isActive(user, ctx.clock.now())) throw invalidCredentials();
  if (await pastGrace(ctx.db, current, ctx.clock.now())) throw invalidCredentials();

  const now = ctx.clock.now();
  const session = await ctx.db.transaction(async (tx) => {
    let session: SessionRow;
    try {
      session = await createSession(tx, ctx.clock, { userId: user.id, kind: "browser", ip: input.ip, userAgent: input.userAgent, lifetimeSeconds: BROWSER_SESSION_SECONDS });
    } catch (error) {
      // A block that committed after the check above.
      if (error instanceof DomainError && error.code === ErrorCode.FORBIDDEN) throw invalidCredentials();
      throw error;
    }
    await recordAudit(tx, { action: "auth_service.login", actor: { type: "user", id: user.id }, subjectType: "session", subjectId: session.id, changes: { userId: user.id, kind: "browser" } }, now);
    return session;
  });
  await ctx.users.recordLogin(user.id, now);

  const expiresAt = session.expiresAt!;
  const iat = Math.floor(now.getTime() / 1000);
  return {
    userId: user.id,
    numericId: user.numericId,
    sessionId: session.id,
    accessToken: await ctx.access.issue(session.id, user.numericId, now, expiresAt),
    refreshToken: await ctx.cookies.sign(session.id, user.numericId, iat, Math.floor(expiresAt.getTime() / 1000)),
    sessionExpiresAt: expiresAt,
  };
}
