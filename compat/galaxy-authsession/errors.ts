import { MalformedCode, reply, type ErrorTable, type Reply } from "#compat/kit/index.js";
import { ErrorCode } from "#src/services/errors/index.js";

export const galaxyError = (status: number, code: string, message: string): Reply => reply(status, { error: { code, message } });

/** Every malformed request is a 400: the contract documents no other client-error status (not even for an oversized body). */
export const invalidRequest = (message: string): Reply => galaxyError(400, "invalid_request", message);

const sessionNotFound = galaxyError(404, "session_not_found", "session not found");
const subjectNotFound = galaxyError(404, "subject_not_found", "subject not found");

/** Domain codes to the contract's statuses and bodies (ErrorResponse of the OpenAPI document). */
export const errors: ErrorTable = {
  [ErrorCode.BAD_USER_INPUT]: (failure) => invalidRequest(failure.message),
  // NUL, lone surrogates or bytes that are not UTF-8, in a body field or in a path segment: the
  // contract's InvalidRequestError covers "request path, parameters, or body fields" (the two
  // reads document no 400 and answer with their own, see routes.ts).
  [MalformedCode.MALFORMED_INPUT]: (failure) => invalidRequest(failure.message),
  [MalformedCode.MALFORMED_PATH]: (failure) => invalidRequest(failure.message),
  [ErrorCode.SESSION_NOT_FOUND]: sessionNotFound,
  [ErrorCode.SUBJECT_NOT_FOUND]: subjectNotFound,
  [ErrorCode.USER_NOT_FOUND]: subjectNotFound,
  [ErrorCode.SERVICE_UNAVAILABLE]: galaxyError(503, "service_unavailable", "service is unavailable"),
  [ErrorCode.INTERNAL]: galaxyError(500, "internal_error", "internal server error"),
};

export { sessionNotFound };
