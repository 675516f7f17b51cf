import { conflictFrom, DomainError, ErrorCode } from "../errors/index.js";

/** Turns a unique violation on users into the error naming the taken field. */
export function userConflict(error: unknown): unknown {
  return (
    conflictFrom(error, {
      users_realm_username_key: () => new DomainError(ErrorCode.USERNAME_TAKEN, "username is already taken", { field: "username" }),
      users_realm_email_key: () => new DomainError(ErrorCode.EMAIL_TAKEN, "email is already taken", { field: "email" }),
      users_realm_employee_id_key: () => new DomainError(ErrorCode.EMPLOYEE_ID_TAKEN, "employee_id is already taken", { field: "employeeId" }),
    }) ?? error
  );
}
