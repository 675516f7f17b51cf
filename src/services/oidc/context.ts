import type { Db } from "#src/db/index.js";
import type { RealmRow } from "#src/db/schema/index.js";
import type { ClientService } from "../clients/index.js";
import type { Clock } from "../clock/index.js";
import { DomainError, ErrorCode } from "../errors/index.js";
import type { PasswordService } from "../passwords/index.js";
import type { RateLimitService } from "../rate-limits/index.js";
import { REALM_NAME, type RealmService } from "../realms/index.js";
import type { TokenService } from "../tokens/index.js";
import type { UserService } from "../users/index.js";
import { OidcErrorCode } from "./error-codes.js";

/** What every OIDC rule uses: storage, time, the issuer base, and the services it builds on. */
export interface OidcContext {
  db: Db;
  clock: Clock;
  publicUrl: string;
  realms: RealmService;
  clients: ClientService;
  users: UserService;
  passwords: PasswordService;
  tokens: TokenService;
  rateLimits: RateLimitService;
}

/** The realm of a protocol request: unknown answers "Realm does not exist", disabled "Realm not enabled". */
export async function protocolRealm(ctx: OidcContext, name: string): Promise<RealmRow> {
  const realm = REALM_NAME.test(name) ? await ctx.realms.find(name) : undefined;
  if (!realm) throw new DomainError(ErrorCode.REALM_NOT_FOUND, `realm '${name}' not found`, { field: "realm" });
  if (!realm.enabled) throw new DomainError(OidcErrorCode.REALM_DISABLED, "realm not enabled", { field: "realm" });
  return realm;
}
