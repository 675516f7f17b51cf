import { DomainError } from "../errors/index.js";
import { PasskeyErrorCode } from "./error-codes.js";

/**
 * Why a ceremony's response did not verify, in words the caller may see. The verifier's own
 * refusals (Errors with no code or cause: a wrong origin, a bad signature) are told as they are; a response so
 * malformed that the verifier faulted on it (a TypeError) is called malformed, not quoted (found by
 * the fuzz suite: "Cannot read properties of undefined"); anything else (the database, the network)
 * is a fault of ours, thrown on unchanged.
 */
export function ceremonyFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) {
    return new DomainError(PasskeyErrorCode.CEREMONY_FAILED, "The passkey could not be verified: the response is malformed");
  }
  // Driver and system errors carry a code (SQLSTATE, ECONNREFUSED), the ORM's its cause: not the caller's to read.
  if (error instanceof Error && !("code" in error) && error.cause === undefined) {
    return new DomainError(PasskeyErrorCode.CEREMONY_FAILED, `The passkey could not be verified: ${error.message}`);
  }
  throw error;
}
