export { createPasskeyService, type PasskeyService } from "./passkey.service.js";
export type { BrowserSession } from "./browser-session.js";
export { PasskeyErrorCode } from "./error-codes.js";
export { ceremonyOrigin, isHost, normalizeHost } from "./settings.js";
export { isPassphrase } from "./passphrase.js";
