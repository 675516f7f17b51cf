import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLSchema } from "graphql";
import depthLimit from "graphql-depth-limit";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

export const MAX_DEPTH = 10;
export const MAX_COMPLEXITY = 20_000;

export const depthLimitRule = depthLimit(MAX_DEPTH);

/** A list field costs its page size times what each item costs. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = typeof args.first === "number" ? args.first : undefined;
  return size === undefined ? undefined : 1 + size * Math.max(childComplexity, 1);
};

export function complexityLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > MAX_COMPLEXITY) {
            throw new GraphQLError(`query is too complex: ${complexity} > ${MAX_COMPLEXITY}`, { extensions: { code: "QUERY_TOO_COMPLEX" } });
          }
        },
      };
    },
  };
}
