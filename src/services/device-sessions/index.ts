export { createDeviceSessionService, type DeviceSessionService } from "./device-session.service.js";
export { DeviceErrorCode } from "./error-codes.js";
export { LOGIN_CODE_MAX_ATTEMPTS } from "./complete-login.js";
export { LOGIN_CODE_TTL_SECONDS } from "./start-login.js";
export { parseEd25519PublicKey } from "./public-key.js";
export { REQUIRED_COMPONENTS, SIGNATURE_SKEW_SECONDS, type SignedRequest } from "./request-signature.js";
