export { classifyError, type ClassifiedError } from "./domain-code.js";
export { createErrorFormatter } from "./format-error.js";
export { errorLogPlugin } from "./log-errors.js";
export { unavailableStatusPlugin } from "./unavailable-status.js";
