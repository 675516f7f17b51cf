import { ApolloServer } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { GraphQLContext } from "./context/index.js";
import { createErrorFormatter, errorLogPlugin } from "./errors/index.js";
import { complexityLimitPlugin, depthLimitRule, wellFormedStringsRule } from "./limits/index.js";

export function createApolloServer(schema: GraphQLSchema, logger: Logger): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema,
    introspection: true,
    validationRules: [depthLimitRule, wellFormedStringsRule],
    plugins: [complexityLimitPlugin(schema), errorLogPlugin(logger)],
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
}
