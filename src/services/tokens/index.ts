export { createTokenService, type TokenService } from "./token.service.js";
export { TokenRejected } from "./jwt.js";
export { SIGNING_ALGORITHM, longestTokenLifetimeSeconds } from "./signing-keys.js";
export { derivedSecretKey, SECRETS_KEY_FILE } from "./secrets-key.js";
