export { createMfaService, type MfaService } from "./mfa.service.js";
export { countOf, verifiedMfaCount, verifiedMfaCounts, type MfaView } from "./queries.js";
export { MfaErrorCode } from "./error-codes.js";
export type { MfaOptionView } from "./data.js";
export type { MfaScenario, MfaSummaryView } from "./summary.js";
export type { CreateMfaInput, CreatedMfa } from "./create.js";
export type { VerifyMfaInput } from "./verify.js";
export type { MfaRef } from "./manage.js";
export type { Owner } from "./owner.js";
