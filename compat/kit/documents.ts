import { parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";

export class InvalidDocumentError extends Error {}

/** Parses and validates a contract's GraphQL documents once, at start-up: a broken one stops the server. */
export function prepareDocuments<D extends string>(schema: GraphQLSchema, contract: string, sources: Record<D, string>): Record<D, DocumentNode> {
  const prepared = {} as Record<D, DocumentNode>;
  for (const [name, source] of Object.entries(sources) as [D, string][]) {
    const document = parse(source);
    const errors = validate(schema, document);
    if (errors.length > 0) {
      throw new InvalidDocumentError(`${contract}: document '${name}' is invalid: ${errors.map((e) => e.message).join("; ")}`);
    }
    prepared[name] = document;
  }
  return prepared;
}
