import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { GraphQLContext } from "./context/index.js";
import { createErrorFormatter, errorLogPlugin, unavailableStatusPlugin } from "./errors/index.js";
import { aliasLimitPlugin, complexityLimitPlugin, depthLimitRule, introspectionPlugin, parseOptions, wellFormedStringsRule, type IntrospectionMode } from "./limits/index.js";

export interface ApolloOptions {
  /** Who may introspect (GRAPHQL_INTROSPECTION). */
  introspection: IntrospectionMode;
}

export function createApolloServer(schema: GraphQLSchema, logger: Logger, options: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema,
    // Apollo's switch is for everyone; introspectionPlugin decides per caller, mode `off` included.
    introspection: true,
    // A JSON array of operations is refused (400): each operation's limits would otherwise multiply.
    allowBatchedHttpRequests: false,
    parseOptions,
    validationRules: [depthLimitRule, wellFormedStringsRule],
    plugins: [
      introspectionPlugin(options.introspection),
      aliasLimitPlugin(schema),
      complexityLimitPlugin(schema),
      errorLogPlugin(logger),
      unavailableStatusPlugin,
      // Answers are never cached (Cache-Control: no-store on every one), and the default cache-control
      // plugin wraps every field's resolver to gather hints: ~6% of a 100-user page's CPU (bench/README.md).
      ApolloServerPluginCacheControlDisabled(),
    ],
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
}
