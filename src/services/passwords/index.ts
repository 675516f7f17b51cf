export { createPasswordService, type PasswordService } from "./password.service.js";
export { hashSecret, verifySecret } from "./hashing.js";
export { assertPasswordAcceptable, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./policy.js";
