import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

export const MAX_COMPLEXITY = 20_000;

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

/** QUERY_TOO_COMPLEX when the operation's estimated cost is over MAX_COMPLEXITY; it throws BAD_USER_INPUT for variables that do not coerce. */
export function complexityError(schema: GraphQLSchema, query: DocumentNode, operationName: string | undefined | null, variables: Record<string, unknown> | undefined | null): GraphQLError | undefined {
  const complexity = complexityOf(schema, query, operationName ?? undefined, variables ?? undefined);
  if (complexity <= MAX_COMPLEXITY) return undefined;
  // A hook's error is a 500 unless it names its status; an over-complex query is the caller's.
  return new GraphQLError(`query is too complex: ${complexity} > ${MAX_COMPLEXITY}`, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
}

export function complexityLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // The operation Apollo resolved, by its own name: a request's operationName beside an anonymous operation crashed the estimate (fuzz suite).
          const error = complexityError(schema, document, operation?.name?.value, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}
