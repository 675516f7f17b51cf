import type { ApolloServerPlugin } from "@apollo/server";
import { BREAK, GraphQLError, visit, type DocumentNode } from "graphql";
import type { Principal } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";

/** GRAPHQL_INTROSPECTION: who may read the schema (`__schema`, `__type`) and see "Did you mean" suggestions. */
export type IntrospectionMode = "authenticated" | "all" | "off";

function mayIntrospect(mode: IntrospectionMode, principal: Principal): boolean {
  return mode === "all" || (mode === "authenticated" && principal.kind !== "anonymous");
}

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** graphql-js names the fields, arguments and types it guessed the caller meant: schema details. */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean .+\?$/s, "");

function refusal(mode: IntrospectionMode): GraphQLError {
  return mode === "off"
    ? new GraphQLError("introspection is disabled", { extensions: { code: "FORBIDDEN", http: { status: 403 } } })
    : new GraphQLError("introspection requires authentication", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/**
 * Introspection and suggestions for callers the mode allows; others get UNAUTHENTICATED (anonymous,
 * mode `authenticated`) or FORBIDDEN (mode `off`) before anything runs, and errors without guesses.
 * `__typename` stays: clients need it and it names only types the caller already selected.
 */
export function introspectionPlugin(mode: IntrospectionMode): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const allowed = mayIntrospect(mode, contextValue.principal);
      if (allowed) return {};
      return {
        async didResolveOperation({ document }) {
          if (introspects(document)) throw refusal(mode);
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = withoutSuggestions(error.message);
        },
      };
    },
  };
}

/** The same for graphql-ws, which has no plugins: errors of a caller who may not introspect lose their suggestions. */
export function errorsFor(mode: IntrospectionMode, principal: Principal, errors: readonly GraphQLError[]): readonly GraphQLError[] {
  if (mayIntrospect(mode, principal)) return errors;
  for (const error of errors) error.message = withoutSuggestions(error.message);
  return errors;
}
