import fc from "fast-check";
import type { TestServer } from "#test/support/server.js";
import { changedTables, installChecksums, type Checksums } from "./checksum.js";
import { leakIn, listenerAnswer, parsed, shapeProblem, statusProblem } from "./invariants.js";
import { SEEDS, mutations, type Mutation } from "./mutations.js";
import { baseline, type Fixture } from "./samples.js";
import { toWire } from "./serialize.js";
import type { FuzzTarget } from "./targets.js";
import { sendWire, type WireResponse } from "./wire.js";

/** Random inputs per target on top of the seeds: bounded in `npm test`, larger with `npm run fuzz`. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
/** Fixed, so a run of `npm test` is the same run every time; `FUZZ_SEED` replays another. */
export const SEED = Number(process.env.FUZZ_SEED ?? 17);

export interface Figures {
  inputs: number;
  seeds: number;
  /** Answers by class: 2xx, 3xx, 4xx, listener (before any contract), 503, closed without an answer. */
  answers: Record<string, number>;
  /** Refusals after which every checked table was found unchanged. */
  unchanged: number;
  /** Invariant checks made (status, leak, shape, checksum: each one counted). */
  checks: number;
  failures: number;
}

export const figures = new Map<string, Figures>();

function record(contract: string, seeded: boolean, response: WireResponse, checks: number, unchanged: boolean, failed: boolean): void {
  const entry = figures.get(contract) ?? { inputs: 0, seeds: 0, answers: {}, unchanged: 0, checks: 0, failures: 0 };
  figures.set(contract, entry);
  entry.inputs += 1;
  if (seeded) entry.seeds += 1;
  entry.checks += checks;
  if (unchanged) entry.unchanged += 1;
  if (failed) entry.failures += 1;
  const body = parsed(response);
  const kind = response.status === 0 ? "closed" : response.status >= 400 && response.status < 500 && listenerAnswer(response, body) ? "listener" : `${String(response.status)[0]}xx`;
  entry.answers[kind] = (entry.answers[kind] ?? 0) + 1;
}

/** A GraphQL answer refused the operation: a 4xx, or errors with no data written (every root field null). */
function refused(target: FuzzTarget, response: WireResponse): boolean {
  if (response.status >= 400 || response.status === 0) return true;
  if (target.shape !== "graphql") return false;
  const body = parsed(response) as { data?: Record<string, unknown> | null; errors?: unknown[] } | undefined;
  return Boolean(body?.errors?.length) && (body?.data == null || Object.values(body.data).every((value) => value === null));
}

export interface ProbeContext {
  server: TestServer;
  fixture: Fixture;
  checksums: Checksums;
  /** The checksums after the last refusal, still current (a refusal wrote nothing); undefined after any other answer. */
  known?: Record<string, string>;
}

export async function probeContext(server: TestServer, fixture: Fixture): Promise<ProbeContext> {
  return { server, fixture, checksums: await installChecksums(server.database.db) };
}

/**
 * A ceremony the server accepted (101) writes its challenge on its own time, possibly after its
 * socket closed: the next probe's "before" must not be read until that write has landed, so the
 * checksums are read until they move (a bounded number of reads: a ceremony that failed writes nothing).
 */
async function settled(context: ProbeContext, before: Record<string, string>): Promise<void> {
  for (let read = 0; read < 50; read++) {
    if (changedTables(before, await context.checksums.read()).length > 0) return;
  }
}

/** Sends one mutated request and checks every invariant; throws with what was broken. */
export async function probe(context: ProbeContext, target: FuzzTarget, changes: Mutation[]): Promise<void> {
  const draft = baseline(target, context.fixture);
  for (const change of changes) change.apply(draft);
  const request = toWire(draft);
  const before = context.known ?? (await context.checksums.read());
  context.known = undefined;
  const url = target.listener === "public" ? context.server.publicUrl : context.server.internalUrl;
  const response = await sendWire(url, request, target.listener === "public" ? context.fixture.publicHost : undefined);
  const problems: string[] = [];
  const statusIssue = statusProblem(target.shape, target.contract, response.status);
  if (statusIssue) problems.push(statusIssue);
  const leak = leakIn(response);
  if (leak) problems.push(`the answer shows ${leak}`);
  const shapeIssue = shapeProblem(target.shape, response);
  if (shapeIssue) problems.push(shapeIssue);
  let checks = 3;
  let unchanged = false;
  if (refused(target, response)) {
    const after = await context.checksums.read();
    const changed = changedTables(before, after);
    if (changed.length > 0) problems.push(`a refused request (${response.status}) changed ${changed.join(", ")}`);
    unchanged = changed.length === 0;
    if (unchanged) context.known = after;
    checks += 1;
  }
  if (response.status === 101) await settled(context, before);
  record(target.contract, changes.some((change) => change.family === "seed"), response, checks, unchanged, problems.length > 0);
  if (problems.length > 0) {
    const sent = `${request.method} ${request.target.toString("latin1").slice(0, 200)}`;
    throw new Error(`${problems.join("; ")}\n  sent: ${sent}\n  answer: ${response.status} ${response.text.slice(0, 300)}`);
  }
}

/** Every seed, then RUNS random mutation sets, against one target. */
export async function fuzzTarget(context: ProbeContext, target: FuzzTarget, index: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(mutations, (changes) => probe(context, target, changes)),
    { seed: SEED + index, numRuns: RUNS + SEEDS.length, examples: SEEDS.map((seed) => [seed]), endOnFailure: true },
  );
}

/** The figures as a table, for the run's output (SECURITY.md and the README quote the last one). */
export function printFigures(title: string): void {
  const rows = [...figures.entries()].map(([contract, f]) => ({ contract, inputs: f.inputs, seeds: f.seeds, checks: f.checks, failures: f.failures, "refusals unchanged": f.unchanged, ...f.answers }));
  const total = rows.reduce((sum, row) => ({ inputs: sum.inputs + row.inputs, checks: sum.checks + row.checks, failures: sum.failures + row.failures }), { inputs: 0, checks: 0, failures: 0 });
  console.log(`${title}: seed ${SEED}, ${RUNS} random inputs per target beyond ${SEEDS.length} seeds; ${total.inputs} inputs, ${total.checks} invariant checks, ${total.failures} failures`);
  console.table(rows);
}
