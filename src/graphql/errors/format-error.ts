import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { classifyError } from "./domain-code.js";

/**
 * Every GraphQL error leaves with a domain code and a message safe to show; faults are not sent.
 * They are logged by errorLogPlugin, which knows the request; only an error that is not a
 * GraphQLError (never seen by the plugin) is logged here.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!(error instanceof GraphQLError)) {
      logger.error({ err: error }, "graphql request failed");
      return { message: "internal server error", extensions: { code: "INTERNAL" } };
    }
    const classified = classifyError(error);
    return {
      message: classified.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: classified.code, ...(classified.field ? { field: classified.field } : {}) },
    };
  };
}
