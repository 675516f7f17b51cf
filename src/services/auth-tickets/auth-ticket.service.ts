import type { RealmRow } from "#src/db/schema/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { issuerFor } from "../oidc/issuer.js";
import { createPasswordService } from "../passwords/index.js";
import { createRateLimitService } from "../rate-limits/index.js";
import { createRealmService } from "../realms/index.js";
import { keyRingOf } from "../secrets/index.js";
import { createTokenService } from "../tokens/index.js";
import { createUserService } from "../users/index.js";
import { AccessTokens } from "./access-tokens.js";
import { checkAccessToken, checkCookie, checkTicket, type FreshToken, type HalfTicket, type TicketContext, type TicketParts } from "./check.js";
import { login, type LoginInput } from "./login.js";
import { RefreshCookies } from "./refresh-cookies.js";

/**
 * The auth-service ticket (login, who-am-i, the check of every ticket request). Tickets belong to
 * the default realm: its published key signs the access tokens, and its issuer names them.
 */
export function createAuthTicketService(deps: ServiceDeps) {
  const settings = () => {
    if (!deps.config) throw new Error("the auth-ticket service needs the server configuration (PUBLIC_URL, DEFAULT_REALM, SECRETS_KEY)");
    return deps.config;
  };
  const realms = createRealmService(deps);
  async function realm(): Promise<RealmRow> {
    const name = settings().defaultRealm;
    const row = await realms.find(name);
    if (!row) throw new Error(`the default realm '${name}' does not exist`);
    return row;
  }
  const issuer = () => issuerFor(settings().publicUrl, settings().defaultRealm);
  // The current key signs; a previous one (SECRETS_KEY_PREVIOUS) still verifies cookies it signed, during a rotation.
  const cookies = new RefreshCookies(() => keyRingOf(settings()).all.map((key) => key.derive("auth-service-refresh-cookie")));
  const access = new AccessTokens({ tokens: createTokenService(deps), realmId: async () => (await realm()).id, issuer });
  const tickets: TicketContext = { db: deps.db, clock: deps.clock, cookies, access };
  const loginContext = { db: deps.db, clock: deps.clock, realm, users: createUserService(deps), passwords: createPasswordService(deps), rateLimits: createRateLimitService(deps), cookies, access };

  return {
    login: (input: LoginInput) => login(loginContext, input),
    /** who-am-i: the cookie alone. */
    checkCookie: (refreshToken: string | null | undefined) => checkCookie(tickets, refreshToken),
    /** A whole ticket; one prepared statement after the (remembered) signature checks. */
    checkTicket: (parts: TicketParts, fresh: FreshToken, half: HalfTicket) => checkTicket(tickets, parts, fresh, half),
    /** The access token alone, as the graph's bearer. */
    checkAccessToken: (accessToken: string) => checkAccessToken(tickets, accessToken),
    /** The issuer of the access tokens; its JWKS (issuer + /protocol/openid-connect/certs) publishes their keys. */
    issuer,
  };
}

export type AuthTicketService = ReturnType<typeof createAuthTicketService>;
