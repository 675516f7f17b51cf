import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { printSchemaSdl } from "#src/graphql/index.js";

const schemaFile = new URL("../../schema/schema.graphql", import.meta.url);

describe("checked-in GraphQL schema", () => {
  it("equals the schema the code builds", async () => {
    const [built, committed] = [await printSchemaSdl(), await readFile(schemaFile, "utf8")];
    expect(committed, "schema/schema.graphql is stale: run `npm run schema:emit` and commit the result").toBe(built);
  });
});
