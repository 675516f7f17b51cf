import { errorReply, MalformedCode, reply, type ErrorTable, type Reply } from "#compat/kit/index.js";
import type { DomainError } from "#src/services/errors/index.js";
import { ErrorCode } from "#src/services/errors/index.js";
import { OrgErrorCode } from "#src/services/orgs/index.js";
import { OriginErrorCode } from "#src/services/origins/index.js";
import { PasskeyErrorCode } from "#src/services/passkeys/index.js";
import { clearedCookie } from "./cookie.js";

export const detail = (status: number, message: string, headers?: Record<string, string>): Reply => reply(status, { detail: message }, headers);

/** Every 401 also clears the session cookie, so a browser never keeps sending a dead one. */
export const unauthorized = (message: string): Reply => detail(401, message, { "set-cookie": clearedCookie });

export const invalidRequest = (message: string, status = 400): Reply => detail(status, message);

const withMessage = (status: number) => (failure: { message: string }) => detail(status, failure.message);

/** Domain codes to the contract's statuses; the body is always `{"detail": …}`. */
export const errors: ErrorTable = {
  [ErrorCode.UNAUTHENTICATED]: unauthorized("Authentication Required"),
  [PasskeyErrorCode.SESSION_EXPIRED]: (failure) => unauthorized(failure.message),
  [PasskeyErrorCode.SESSION_HOST_MISMATCH]: (failure) => unauthorized(failure.message),
  [PasskeyErrorCode.RESET_TOKEN_INVALID]: (failure) => unauthorized(failure.message),
  [PasskeyErrorCode.INVALID_HOST]: withMessage(400),
  [PasskeyErrorCode.CEREMONY_FAILED]: withMessage(400),
  [PasskeyErrorCode.PASSKEY_NOT_REGISTERED]: withMessage(400),
  [PasskeyErrorCode.CREDENTIAL_EXISTS]: withMessage(409),
  [PasskeyErrorCode.CREDENTIAL_NOT_FOUND]: detail(404, "Credential not found"),
  [ErrorCode.FORBIDDEN]: withMessage(403),
  [OriginErrorCode.ORIGIN_NOT_ALLOWED]: withMessage(403),
  [ErrorCode.BAD_USER_INPUT]: withMessage(400),
  [MalformedCode.MALFORMED_INPUT]: withMessage(400),
  [MalformedCode.MALFORMED_PATH]: withMessage(400),
  [ErrorCode.SESSION_NOT_FOUND]: detail(404, "Session not found"),
  [ErrorCode.USER_NOT_FOUND]: detail(404, "User not found"),
  [OrgErrorCode.ORG_NOT_FOUND]: detail(404, "Organization not found"),
  [OrgErrorCode.ROLE_NOT_FOUND]: detail(404, "Role not found"),
  [OrgErrorCode.PERMISSION_NOT_FOUND]: detail(404, "Permission not found"),
  [OrgErrorCode.PERMISSION_EXISTS]: withMessage(409),
  [OrgErrorCode.ORG_RULE]: withMessage(400),
  [ErrorCode.SERVICE_UNAVAILABLE]: detail(503, "Service unavailable"),
  [ErrorCode.INTERNAL]: detail(500, "Internal server error"),
};

/** A session rule's refusal (expired, other host, host outside the RP id) as the table answers it. */
export const refusal = (failure: DomainError): Reply => errorReply(errors, { code: failure.code, message: failure.message, internal: false });
