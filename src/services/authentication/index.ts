export { createAuthenticationService, type AuthenticationRequest, type AuthenticationResult, type AuthenticationService } from "./authenticate.js";
export { AuthenticationErrorCode } from "./error-codes.js";
