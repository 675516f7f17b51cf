import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import depthLimit from "graphql-depth-limit";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

export { describeTextProblem, textProblem, wellFormedStringsRule, type TextProblem } from "./text.js";

export const MAX_DEPTH = 10;
export const MAX_COMPLEXITY = 20_000;

export const depthLimitRule = depthLimit(MAX_DEPTH);

/** A list field costs its page size times what each item costs. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = typeof args.first === "number" ? args.first : undefined;
  return size === undefined ? undefined : 1 + size * Math.max(childComplexity, 1);
};

/** Variables that do not coerce make the estimate throw: that is bad input (400), as execution would say. */
function complexityOf(schema: GraphQLSchema, query: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined): number {
  try {
    return getComplexity({ schema, query, operationName, variables, estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })] });
  } catch (error) {
    if (error instanceof GraphQLError) throw new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
    throw error;
  }
}

export function complexityLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = complexityOf(schema, document, request.operationName, request.variables);
          if (complexity > MAX_COMPLEXITY) {
            // A hook's error is a 500 unless it names its status; an over-complex query is the caller's.
            throw new GraphQLError(`query is too complex: ${complexity} > ${MAX_COMPLEXITY}`, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
          }
        },
      };
    },
  };
}
