export { OriginErrorCode } from "./error-codes.js";
export { changesState, createOriginCheck, type OriginCheck } from "./origin-check.js";
