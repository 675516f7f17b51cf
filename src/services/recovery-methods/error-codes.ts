/** The recovery-method domain's error codes; compat/id-broker/contract.ts maps each to the broker's answer. */
export const MethodErrorCode = {
  /** POST /method: `value` missing or not a string. */
  METHOD_VALUE_REQUIRED: "METHOD_VALUE_REQUIRED",
  METHOD_EMPLOYEE_ID_REQUIRED: "METHOD_EMPLOYEE_ID_REQUIRED",
  /** POST /method for an unknown employee. */
  METHOD_USER_NOT_FOUND: "METHOD_USER_NOT_FOUND",
  METHOD_VALUE_INVALID: "METHOD_VALUE_INVALID",
  /** A verified method with that value exists already. */
  METHOD_EXISTS: "METHOD_EXISTS",
  /** GET /user/{employee_id}/method for an unknown employee. */
  METHOD_LIST_USER_NOT_FOUND: "METHOD_LIST_USER_NOT_FOUND",
  /** No such method for that employee (read, delete, resend). */
  METHOD_NOT_FOUND: "METHOD_NOT_FOUND",
  /** PUT /method/{uid}/verify for an unknown uid. */
  METHOD_VERIFY_NOT_FOUND: "METHOD_VERIFY_NOT_FOUND",
  METHOD_ATTEMPTS_EXCEEDED: "METHOD_ATTEMPTS_EXCEEDED",
  METHOD_CODE_REQUIRED: "METHOD_CODE_REQUIRED",
  /** Not a code at all (letters, a number, an object): refused before it counts as an attempt. */
  METHOD_CODE_NOT_NUMERIC: "METHOD_CODE_NOT_NUMERIC",
  METHOD_CODE_INVALID: "METHOD_CODE_INVALID",
  /** The right code, too late: a new one was sent. */
  METHOD_CODE_EXPIRED: "METHOD_CODE_EXPIRED",
  METHOD_ALREADY_VERIFIED: "METHOD_ALREADY_VERIFIED",
} as const;

export type MethodErrorCode = (typeof MethodErrorCode)[keyof typeof MethodErrorCode];
