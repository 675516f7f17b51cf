import { classifyError, createLoaders, type ClassifiedError, type GraphQLContext, type RequestClient } from "#src/graphql/index.js";
import type { Principal } from "#src/services/access/index.js";
import type { Services } from "#src/services/index.js";
import type { PreparedDocument } from "./documents.js";

/**
 * A GraphQL error, classified by domain code, as a compat route sees it. The error behind it
 * (a driver's, say) stays as the cause, so the log of a fault says why.
 */
export class GraphFailure extends Error {
  constructor(readonly failure: ClassifiedError, cause?: unknown) {
    super(failure.message, { cause });
    this.name = "GraphFailure";
  }
}

/** Runs a contract's prepared documents in process, with the caller's principal. */
export interface Graph<D extends string> {
  run<T = Record<string, unknown>>(document: D, variables?: Record<string, unknown>): Promise<T>;
  principal: Principal;
}

export interface GraphRuntime {
  services: Services;
  defaultRealm: string;
}

export function graphFor<D extends string>(
  runtime: GraphRuntime,
  documents: Record<D, PreparedDocument>,
  principal: Principal,
  client: RequestClient,
): Graph<D> {
  const contextValue: GraphQLContext = {
    client,
    principal,
    services: runtime.services,
    loaders: createLoaders(runtime.services),
    defaultRealm: runtime.defaultRealm,
  };
  return {
    principal,
    async run<T>(name: D, variables: Record<string, unknown> = {}): Promise<T> {
      const result = await documents[name](variables, contextValue);
      const first = result.errors?.[0];
      if (first) throw new GraphFailure(classifyError(first), first.originalError ?? first);
      return result.data as T;
    },
  };
}
