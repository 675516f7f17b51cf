export { createSessionService, type SessionService } from "./session.service.js";
export { revokeUserSessionsIn, type RevokeAllResult, type RevokeOneResult } from "./revoke.js";
export { markSessionRefreshed } from "./refresh.js";
export { createSession, type NewSession } from "./create.js";
export { renewSession, type Renewal } from "./renew.js";
export type { SessionPage } from "./read.js";
