import { and, eq, sql } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PasswordRow, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { isUserBlocked } from "../blocks/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { redeemInvite } from "../invites/index.js";
import { bumpNag, nagStateOf, type NagState } from "../nags/index.js";
import { createPasswordService, pastGrace } from "../passwords/index.js";
import { addressSubject, createRateLimitService, userSubject } from "../rate-limits/index.js";
import { isActive } from "../users/index.js";
import { AuthenticationErrorCode } from "./error-codes.js";

export interface AuthenticationRequest {
  realmId: string;
  /** Username or e-mail address. */
  username?: string;
  password?: string;
  /** An invite code; when given, username and password are ignored. */
  invite?: string;
  /** The relying party's origin, for WebAuthn login options; must be one of RP_ORIGINS. */
  rpOrigin?: string;
  /** The caller's address (the relying party's server, for the broker): failures count against it too. */
  ip?: string | null;
}

export type AuthenticationResult =
  | { outcome: "authenticated"; user: UserRow; nag: NagState }
  | { outcome: "invalid_credentials" }
  | { outcome: "invite_expired" };

const invalid: AuthenticationResult = { outcome: "invalid_credentials" };

/** By username first, then by e-mail, case-insensitively. */
async function userByLogin(db: Db, realmId: string, login: string): Promise<UserRow | undefined> {
  const u = tables.users;
  const lowered = login.toLowerCase();
  for (const column of [u.username, u.email]) {
    const [row] = await db.select().from(u).where(and(eq(u.realmId, realmId), sql`lower(${column}) = ${lowered}`)).limit(1);
    if (row) return row;
  }
  return undefined;
}

/** Every reason a known user may not sign in, checked after the credential. */
async function mayLogIn(db: Db, user: UserRow, now: Date): Promise<boolean> {
  return isActive(user, now) && !user.locked && !(await isUserBlocked(db, user));
}

export function createAuthenticationService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const rateLimits = createRateLimitService(deps);
  const passwords = createPasswordService(deps);
  const rpOrigins = config?.rpOrigins ?? [];

  function checkRpOrigin(rpOrigin: string | undefined): void {
    if (!rpOrigin || rpOrigins.includes(rpOrigin)) return;
    throw new DomainError(
      AuthenticationErrorCode.AUTHENTICATION_RP_ORIGIN_NOT_ALLOWED,
      `Invalid rpOrigin. Received ${rpOrigin} authorized array (${rpOrigins.join(", ")})`,
      { field: "rpOrigin" },
    );
  }

  /**
   * A known user with the right password, unexpired (grace included), active, unlocked and not
   * blocked. Every failure is the same outcome, and an unknown user is verified against a dummy
   * hash so that the answer takes the same time. While the user or the address waits after
   * failures, the password is not verified: TOO_MANY_FAILURES, which the broker answers as any failure.
   */
  async function byPassword(realmId: string, login: string, password: string, ip: string | null | undefined): Promise<UserRow | undefined> {
    const user = login ? await userByLogin(db, realmId, login) : undefined;
    let row: PasswordRow | undefined;
    const matches = await rateLimits.check({
      subjects: [userSubject(user?.id), addressSubject(ip)],
      field: "password",
      verify: async () => (row = await passwords.matchCurrent(user?.id, password)) !== undefined && password !== "",
    });
    if (!user || !row || !matches || password === "") return undefined;
    const now = clock.now();
    if (await pastGrace(db, row, now)) return undefined;
    return (await mayLogIn(db, user, now)) ? user : undefined;
  }

  /** Shows the nag in force and pushes its date out, in one transaction. */
  async function succeed(tx: Db, user: UserRow, actor: Actor, now: Date): Promise<AuthenticationResult> {
    const nag = await nagStateOf(tx, user, now);
    await bumpNag(tx, user.id, nag, now, actor);
    return { outcome: "authenticated", user, nag };
  }

  async function authenticate(request: AuthenticationRequest, actor: Actor): Promise<AuthenticationResult> {
    checkRpOrigin(request.rpOrigin);
    if (request.invite) {
      const code = request.invite;
      return db.transaction(async (tx) => {
        const now = clock.now();
        const redeemed = await redeemInvite(tx, code, actor, now);
        if (redeemed.outcome === "expired") return { outcome: "invite_expired" };
        if (redeemed.outcome === "invalid" || !(await mayLogIn(tx, redeemed.user, now))) return invalid;
        return succeed(tx, redeemed.user, actor, now);
      });
    }
    const user = await byPassword(request.realmId, request.username ?? "", request.password ?? "", request.ip);
    if (!user) return invalid;
    return db.transaction((tx) => succeed(tx, user, actor, clock.now()));
  }

  return { authenticate };
}

export type AuthenticationService = ReturnType<typeof createAuthenticationService>;
