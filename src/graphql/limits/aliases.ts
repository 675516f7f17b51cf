import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, validate, type ASTVisitor, type GraphQLSchema, type SelectionSetNode, type ValidationContext } from "graphql";

export const MAX_ALIASES = 30;

/** Fragments spread inside fragments multiply; past this many selections the count stops, already over. */
const MAX_VISITS = 10_000;

/**
 * Aliases of one operation, fragments counted where they are spread: every aliased field, and
 * every repeat of a response key in one selection set (`{ a a a }` is an alias bomb without an alias).
 */
function aliasesOf(context: ValidationContext, root: SelectionSetNode): number {
  let count = 0;
  let visits = 0;
  const spreading = new Set<string>();
  const walk = (selectionSet: SelectionSetNode, keys: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (++visits > MAX_VISITS || count > MAX_ALIASES) return;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (selection.alias || keys.has(key)) count++;
        keys.add(key);
        if (selection.selectionSet) walk(selection.selectionSet, new Set());
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, keys);
      } else {
        const name = selection.name.value;
        const fragment = context.getFragment(name);
        // A cycle is NoFragmentCyclesRule's to report; here it only must not loop.
        if (!fragment || spreading.has(name)) continue;
        spreading.add(name);
        walk(fragment.selectionSet, keys);
        spreading.delete(name);
      }
    }
  };
  walk(root, new Set());
  return visits > MAX_VISITS ? Infinity : count;
}

/** Refuses an operation with more than MAX_ALIASES aliases (TOO_MANY_ALIASES). */
export function aliasLimitRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (aliasesOf(context, node.selectionSet) > MAX_ALIASES) {
        const name = node.name ? `'${node.name.value}'` : "the operation";
        context.reportError(new GraphQLError(`${name} has more than ${MAX_ALIASES} aliases or repeated fields`, { nodes: node, extensions: { code: "TOO_MANY_ALIASES" } }));
      }
      return false;
    },
  };
}

/**
 * The rule on POST and GET /graphql: Apollo replaces a validation error's code with its own, so
 * the rule runs as a plugin, once the document is valid, to answer 400 TOO_MANY_ALIASES.
 */
export function aliasLimitPlugin(schema: GraphQLSchema): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          const [error] = validate(schema, document, [aliasLimitRule]);
          if (error) throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: "TOO_MANY_ALIASES", http: { status: 400 } } });
        },
      };
    },
  };
}
