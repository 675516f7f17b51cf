import type { UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { createMfa, type CreateMfaInput } from "./create.js";
import { optionView, type MfaOptionView } from "./data.js";
import { MfaErrorCode } from "./error-codes.js";
import { createMfaManagement } from "./manage.js";
import { findOwner, type Owner } from "./owner.js";
import { verifiedMfaCount, verifiedViewsOfUsers, type MfaView } from "./queries.js";
import { mfaSettings, rpOriginAllowed } from "./settings.js";
import { summarize, type MfaScenario } from "./summary.js";
import { verifyMfa, type VerifyMfaInput } from "./verify.js";

export function createMfaService(deps: ServiceDeps) {
  const settings = mfaSettings(deps.config);
  const { db, clock } = deps;

  /** GET /user/{employee_id}/mfa: every verified MFA, manager and recovery codes included. */
  async function listOf(owner: Owner, rpOrigin: string | null | undefined): Promise<MfaOptionView[]> {
    const user = await findOwner(db, owner);
    if (!user) throw new DomainError(MfaErrorCode.MFA_LIST_USER_NOT_FOUND, `User not found for employeeId ${owner.employeeId ?? owner.userId ?? ""}`);
    if (!rpOriginAllowed(settings, rpOrigin)) throw new DomainError(MfaErrorCode.MFA_LIST_RP_ORIGIN_INVALID, "Invalid rpOrigin", { field: "rpOrigin" });
    const views = (await verifiedViewsOfUsers(db, [user.id], clock.now())).get(user.id) ?? [];
    return views.map((v) => optionView(v));
  }

  return {
    verifiedCount: (userId: string) => verifiedMfaCount(db, userId),
    /** For batch loaders: the verified MFAs of many users in three statements. */
    verifiedViewsOfUsers: (userIds: readonly string[]) => verifiedViewsOfUsers(db, userIds, clock.now()),
    summarize: (user: UserRow, views: MfaView[], scenario: MfaScenario, rpOrigin?: string | null) =>
      summarize(db, settings, user, views, scenario, rpOrigin, clock.now()),
    listOf,
    create: (input: CreateMfaInput, actor: Actor) => createMfa(deps, settings, input, actor),
    verify: (input: VerifyMfaInput, actor: Actor) => verifyMfa(deps, settings, input, actor),
    ...createMfaManagement(deps, settings),
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
