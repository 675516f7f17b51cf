export { defineContract, resolveContract, route, type ContractDefinition, type ContractSource, type ErrorTable, type Listener, type RouteDefinition } from "./contract.js";
export { GraphFailure, type Graph } from "./graph.js";
export { errorReply } from "./failures.js";
export type { LeanMatch, LeanRoute } from "./lean.js";
export { mountContract, requestClient, send, type MountedContract, type MountOptions } from "./mount.js";
export { reply, type Reply } from "./reply.js";
export { InvalidDocumentError } from "./documents.js";
export { bodyProblem } from "./body-errors.js";
export { checkBodyBytes, findMalformedText, hasUndecodableBody, isPercentEncodedUtf8, isUndecodablePath, MalformedCode, malformedInput, undecodableQuery, type Malformed } from "./hostile-input.js";
