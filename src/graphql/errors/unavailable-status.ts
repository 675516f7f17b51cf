import type { ApolloServerPlugin } from "@apollo/server";
import { ErrorCode } from "#src/services/errors/index.js";

/**
 * GraphQL has no status of its own for a store that is down: an answer carrying SERVICE_UNAVAILABLE
 * leaves as a 503, as every REST contract's does, so load balancers and clients retry it.
 */
export const unavailableStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const body = response.body;
        const errors = body.kind === "single" ? body.singleResult.errors : body.initialResult.errors;
        if (errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) response.http.status = 503;
      },
    };
  },
};
