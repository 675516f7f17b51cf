import { afterAll, beforeAll, describe, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import type { TestServer } from "#test/support/server.js";
import { startFuzzServer } from "./fixture.js";
import { fuzzTarget, printFigures, probeContext, type ProbeContext } from "./probe.js";
import { consumesFixture } from "./samples.js";
import { fuzzTargets } from "./targets.js";

/**
 * Every REST route of every contract, the passkey pages and sockets, with mutated bodies, headers,
 * cookies, query strings, paths, methods and sizes: never a 5xx (but a documented 503), never an
 * internal detail, the contract's error shape, and no row changed by a refused request.
 *
 * PostgreSQL only: the edge that refuses hostile input is the same code on both databases, and
 * PostgreSQL is the production path (PGlite is the same engine; running it twice would double the
 * suite's longest file for no new path).
 */
describe.skipIf(process.env.TEST_DB !== "postgres")("fuzz: every REST path", () => {
  let server: TestServer;
  let context: ProbeContext;
  const targets = fuzzTargets(loadConfig({ DATABASE_URL: "memory://" })).filter((t) => t.contract !== "graphql");
  // Routes whose success ends the fixture's sessions go last, so the others run signed in.
  const ordered = [...targets.filter((t) => !consumesFixture(t)), ...targets.filter(consumesFixture)];

  beforeAll(async () => {
    const started = await startFuzzServer();
    server = started.server;
    context = await probeContext(server, started.fixture);
  });
  afterAll(async () => {
    printFigures("REST fuzz");
    await server?.stop();
  }, 300_000);

  ordered.forEach((target, index) => {
    it(`${target.method} ${target.path}${target.upgrade ? " (WebSocket)" : ""} [${target.contract}]`, () => fuzzTarget(context, target, index), 300_000);
  });
});
