import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { classifyError } from "./domain-code.js";

/** Every GraphQL error leaves with a domain code and a message safe to show; faults are logged, not sent. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!(error instanceof GraphQLError)) return { message: "internal server error", extensions: { code: "INTERNAL" } };
    const classified = classifyError(error);
    if (classified.internal) logger.error({ err: error.originalError, path: formatted.path }, "graphql resolver failed");
    return {
      message: classified.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: classified.code, ...(classified.field ? { field: classified.field } : {}) },
    };
  };
}
