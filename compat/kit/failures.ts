import type { Logger } from "pino";
import type { ClassifiedError } from "#src/graphql/index.js";
import type { Principal } from "#src/services/access/index.js";
import { ErrorCode, isUnavailable } from "#src/services/errors/index.js";
import type { ContractDefinition, ErrorTable } from "./contract.js";
import { GraphFailure } from "./graph.js";
import type { Reply } from "./reply.js";

export function errorReply(table: ErrorTable, failure: ClassifiedError): Reply {
  const entry = table[failure.code] ?? table.INTERNAL;
  return typeof entry === "function" ? entry(failure) : entry;
}

function faultFailure(error: unknown): ClassifiedError {
  return isUnavailable(error)
    ? { code: ErrorCode.SERVICE_UNAVAILABLE, message: "service is unavailable", internal: true }
    : { code: ErrorCode.INTERNAL, message: "internal server error", internal: true };
}

/** The contract's answer for an error a route threw; a fault is logged (through the request's logger, so with its id). */
export function failureReply(contract: ContractDefinition<string>, error: unknown, log: Logger): Reply {
  const failure = error instanceof GraphFailure ? error.failure : faultFailure(error);
  if (failure.internal) log.child({ contract: contract.name }).error({ err: error, domainCode: failure.code }, "compat route failed");
  return errorReply(contract.errors, failure);
}

/** The caller's principal: the contract's own rule, or a trusted service named after the contract. */
export function principalRule(contract: ContractDefinition<string>): NonNullable<ContractDefinition<string>["principal"]> {
  return contract.principal ?? (async (): Promise<Principal> => ({ kind: "service", name: contract.name }));
}
