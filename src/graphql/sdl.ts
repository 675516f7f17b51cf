import { lexicographicSortSchema, printSchema } from "graphql";
import { graphSchema } from "./schema.js";

/** The SDL as committed in schema/schema.graphql (sorted, so diffs show only real changes). */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await graphSchema()))}\n`;
}
