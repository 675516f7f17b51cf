import { parse, validate, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery } from "graphql-jit";

export class InvalidDocumentError extends Error {}

/** A contract's document, compiled to a function: a REST call pays for its own fields, not for a general GraphQL execution. */
export type PreparedDocument = (variables: Record<string, unknown>, context: unknown) => Promise<ExecutionResult> | ExecutionResult;

/** Parses, validates and compiles a contract's GraphQL documents once, at start-up: a broken one stops the server. */
export function prepareDocuments<D extends string>(schema: GraphQLSchema, contract: string, sources: Record<D, string>): Record<D, PreparedDocument> {
  const prepared = {} as Record<D, PreparedDocument>;
  const invalid = (name: string, messages: readonly { message: string }[]) =>
    new InvalidDocumentError(`${contract}: document '${name}' is invalid: ${messages.map((e) => e.message).join("; ")}`);
  for (const [name, source] of Object.entries(sources) as [D, string][]) {
    const document = parse(source);
    const errors = validate(schema, document);
    if (errors.length > 0) throw invalid(name, errors);
    const compiled = compileQuery(schema, document);
    if (!isCompiledQuery(compiled)) throw invalid(name, compiled.errors ?? []);
    prepared[name] = (variables, context) => compiled.query(undefined, context, variables);
  }
  return prepared;
}
