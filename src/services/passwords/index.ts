export { createPasswordService, PASSWORD_REUSE_LIMIT, type PasswordInfo, type PasswordService, type SetPasswordOptions } from "./password.service.js";
export { configureHashCost, DEFAULT_HASH_COST, dummyPasswordHash, hashSecret, verifySecret, type HashCost } from "./hashing.js";
export { assertPasswordAcceptable, defaultPasswordPolicy, passwordPolicyOf, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordPolicy } from "./policy.js";
export { effectivePasswordDates, extendGraceIfNeeded, newPasswordDates, pastGrace, type PasswordDates } from "./expiry.js";
export { currentPassword } from "./queries.js";
export { PasswordErrorCode } from "./error-codes.js";
