import type { Config } from "#src/config/index.js";
import { DomainError, ErrorCode } from "../errors/index.js";
import { isCommonPassword } from "./common-passwords.js";

/** argon2 cost is per call, so very long inputs are refused before hashing. */
export const PASSWORD_MAX_LENGTH = 1024;
export const PASSWORD_MIN_LENGTH = 8;

/** The one password rule of every flow (PASSWORD_MIN_LENGTH, PASSWORD_REJECT_COMMON). */
export interface PasswordPolicy {
  minLength: number;
  /** Refuse the passwords of the bundled common-passwords list. */
  rejectCommon: boolean;
}

export const defaultPasswordPolicy: PasswordPolicy = { minLength: PASSWORD_MIN_LENGTH, rejectCommon: true };

export function passwordPolicyOf(config: Pick<Config, "passwordPolicy"> | undefined): PasswordPolicy {
  return config?.passwordPolicy ?? defaultPasswordPolicy;
}

const refuse = (message: string) => new DomainError(ErrorCode.BAD_USER_INPUT, message, { field: "password" });

/** Throws BAD_USER_INPUT on field "password" with the first rule the password breaks. */
export function assertPasswordAcceptable(password: string, policy: PasswordPolicy = defaultPasswordPolicy): void {
  if (password.length === 0) throw refuse("password must not be empty");
  if (password.length < policy.minLength) throw refuse(`password must be at least ${policy.minLength} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) throw refuse(`password must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (policy.rejectCommon && isCommonPassword(password)) throw refuse("password is too common: choose one that is harder to guess");
}
