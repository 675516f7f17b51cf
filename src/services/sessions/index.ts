export { createSessionService, type SessionService } from "./session.service.js";
export { revokeUserSessionsIn, type RevokeAllResult, type RevokeOneResult } from "./revoke.js";
export type { NewSession } from "./create.js";
export type { SessionPage } from "./read.js";
