export { createTokenService, type TokenService } from "./token.service.js";
export { TokenRejected } from "./jwt.js";
export { SIGNING_ALGORITHM, longestTokenLifetimeSeconds, signingKeySealedColumn } from "./signing-keys.js";
