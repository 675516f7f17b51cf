import { GraphQLError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { DomainError, ErrorCode, isUnavailable } from "#src/services/errors/index.js";

export interface ClassifiedError {
  code: string;
  message: string;
  field?: string;
  /** True when the cause is not one the caller should see (an unexpected fault). */
  internal: boolean;
}

function firstValidationMessage(error: ArgumentValidationError): { message: string; field?: string } {
  const queue = [...error.extensions.validationErrors];
  while (queue.length > 0) {
    const item = queue.shift()!;
    const messages = Object.values(item.constraints ?? {});
    if (messages.length > 0) return { message: messages[0]!, field: item.property };
    queue.push(...(item.children ?? []));
  }
  return { message: "invalid input" };
}

/** Apollo's codes for a document that does not parse or validate (wrong types, unknown fields, too deep). */
const documentErrorCodes: ReadonlySet<string> = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]);

/** Whether the error, or one it wraps, is the engine running out of stack (a document nested too deeply to parse). */
function overflowedStack(error: Error | undefined): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as GraphQLError).originalError) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) return true;
  }
  return false;
}

/** One classification of any execution error, used by the GraphQL surface and by every compat module. */
export function classifyError(error: GraphQLError): ClassifiedError {
  const original = error.originalError;
  // Found by the fuzz suite: the caller's mistake, told without the engine's words ("Maximum call stack size exceeded").
  if (overflowedStack(original)) return { code: ErrorCode.BAD_USER_INPUT, message: "the document is nested too deeply", internal: false };
  if (original instanceof DomainError) return { code: original.code, message: original.message, field: original.field, internal: false };
  if (original instanceof ArgumentValidationError) return { code: ErrorCode.BAD_USER_INPUT, ...firstValidationMessage(original), internal: false };
  if (original && isUnavailable(original)) return { code: ErrorCode.SERVICE_UNAVAILABLE, message: "service is unavailable", internal: true };
  if (original && !(original instanceof GraphQLError)) return { code: ErrorCode.INTERNAL, message: "internal server error", internal: true };
  // Parse, validation and variable-coercion errors carry Apollo's code, or none: to callers all are bad input.
  const own = typeof error.extensions?.code === "string" ? error.extensions.code : undefined;
  const code = own === undefined || documentErrorCodes.has(own) ? ErrorCode.BAD_USER_INPUT : own;
  return { code, message: error.message, internal: false };
}
