import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";
import type { GraphQLContext } from "../context/index.js";
import { classifyError } from "./domain-code.js";

/**
 * Faults are logged here rather than in formatError: here the request's context, and so its
 * logger with the request id, is at hand. The cause chain goes with the error (the logger's
 * serializer keeps SQLSTATE and constraint, not the parameters).
 */
export function errorLogPlugin(fallback: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (!classifyError(error).internal) continue;
            (contextValue.logger ?? fallback).error({ err: error.originalError ?? error, path: error.path }, "graphql resolver failed");
          }
        },
      };
    },
  };
}
