/** Password failures beyond the shared codes (policy failures are BAD_USER_INPUT on field "password"). */
export const PasswordErrorCode = {
  /** The candidate matches one of the user's recent passwords (the current one included). */
  PASSWORD_REUSED: "PASSWORD_REUSED",
} as const;
