export { createRecoveryMethodService, type RecoveryMethodService } from "./recovery-method.service.js";
export { verifiedMethodCount } from "./queries.js";
export { addVerifiedMethod, type CreateMethodInput } from "./create.js";
export { MethodErrorCode } from "./error-codes.js";
