import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { resolvers } from "./resolvers/index.js";
import { pubSub } from "./subscriptions/index.js";

let built: Promise<GraphQLSchema> | undefined;

/** The schema, built once per process from the code-first classes. */
export function graphSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    pubSub,
  });
  return built;
}
