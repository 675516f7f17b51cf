export { createRateLimitService, type RateLimitService } from "./rate-limit.service.js";
export { RateLimitErrorCode } from "./error-codes.js";
export { DEFAULT_BRUTE_FORCE, waitSeconds, type BruteForcePolicy } from "./policy.js";
export { rateLimitPurgeTargets } from "./purge.js";
export { addressSubject, clientSubject, userSubject, type Subject } from "./subjects.js";
export type { CredentialCheck } from "./guard.js";
