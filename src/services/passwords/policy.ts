import { DomainError, ErrorCode } from "../errors/index.js";

/** argon2 cost is per call, so very long inputs are refused before hashing. */
export const PASSWORD_MAX_LENGTH = 1024;
export const PASSWORD_MIN_LENGTH = 8;

export function assertPasswordAcceptable(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `password must be at least ${PASSWORD_MIN_LENGTH} characters`, { field: "password" });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `password must be at most ${PASSWORD_MAX_LENGTH} characters`, { field: "password" });
  }
}
