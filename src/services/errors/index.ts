export { ErrorCode } from "./codes.js";
export { DomainError, assertThat, notFound } from "./domain-error.js";
export { conflictFrom, isUnavailable, uniqueViolation } from "./database-errors.js";
export { isId } from "./ids.js";
