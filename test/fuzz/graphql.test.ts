import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { TestServer } from "#test/support/server.js";
import { startFuzzServer } from "./fixture.js";
import { GRAPHQL_SEEDS, graphqlMutation, OPERATIONS, operationBody } from "./graphql-operations.js";
import { mutations, Mutation, SEEDS } from "./mutations.js";
import { printFigures, probe, probeContext, RUNS, SEED, type ProbeContext } from "./probe.js";
import type { FuzzTarget } from "./targets.js";

const target: FuzzTarget = { contract: "graphql", shape: "graphql", listener: "public", method: "POST", path: "/graphql", bodyFormat: "json" };

/** Picks the operation the request starts from, as the admin key (so that a mutation reaches the resolvers). */
const operation = (index: number) =>
  new Mutation("body", `operation ${index}`, (draft) => {
    draft.payload = { kind: "json", value: operationBody(OPERATIONS[index]!, fixture) };
    draft.headers.push(["Authorization", `Bearer ${fixture.adminKey}`]);
  });

let fixture: Awaited<ReturnType<typeof startFuzzServer>>["fixture"];

/**
 * The GraphQL endpoint under the same invariants as the REST paths: documents, variables, batches
 * and transports mutated on top of real operations; GraphQL errors as `{errors: [...]}`; a refused
 * operation (a 4xx, or errors with every root field null) writes nothing. PostgreSQL only, as rest.test.ts says.
 */
describe.skipIf(process.env.TEST_DB !== "postgres")("fuzz: the GraphQL endpoint", () => {
  let server: TestServer;
  let context: ProbeContext;

  beforeAll(async () => {
    const started = await startFuzzServer();
    server = started.server;
    fixture = started.fixture;
    context = await probeContext(server, fixture);
  });
  afterAll(async () => {
    printFigures("GraphQL fuzz");
    await server?.stop();
  });

  it("every operation, with its document, variables, headers and transport mutated", async () => {
    const changes = fc.tuple(fc.nat({ max: OPERATIONS.length - 1 }), fc.array(fc.oneof(graphqlMutation, mutations.map((list) => list[0]!)), { minLength: 1, maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(changes, ([index, list]) => probe(context, target, [operation(index), ...list])),
      { seed: SEED, numRuns: RUNS * OPERATIONS.length, endOnFailure: true },
    );
  }, 600_000);

  it("the seeds: every bad input found so far, on every operation", async () => {
    for (const [index] of OPERATIONS.entries()) {
      for (const seed of [...SEEDS, ...GRAPHQL_SEEDS.map((one) => [one])]) await probe(context, target, [operation(index), ...seed]);
    }
  }, 600_000);
});
