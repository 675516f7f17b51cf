import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { depthLimitRule, MAX_DEPTH } from "./index.js";

/** A schema with a cycle, so a query can be as deep as a test wants. */
const schema = buildSchema(`type Node { id: ID, child: Node } type Query { node: Node }`);

/** `child { child { ... { id } } }`: `levels` nested selection sets. */
function nested(levels: number): string {
  let selection = "id";
  for (let level = 0; level < levels; level++) selection = `child { ${selection} }`;
  return selection;
}

/** A query with `depth` nested selection sets: `node` and then `depth - 1` levels of `child`. */
const queryOfDepth = (depth: number) => `query Deep { node { ${nested(depth - 1)} } }`;

const depthErrors = (query: string) => validate(schema, parse(query), [depthLimitRule]).map((e) => e.message);

describe("depth limit", () => {
  it("is 10", () => {
    expect(MAX_DEPTH).toBe(10);
  });

  it("accepts a query exactly as deep as the limit", () => {
    expect(depthErrors(queryOfDepth(MAX_DEPTH))).toEqual([]);
  });

  it("rejects a query one level deeper, naming the operation and the limit", () => {
    expect(depthErrors(queryOfDepth(MAX_DEPTH + 1))).toEqual(["'Deep' exceeds maximum operation depth of 10"]);
  });

  it("counts the levels inside fragments", () => {
    const withFragment = (levels: number) => `query Deep { node { child { ...F } } } fragment F on Node { ${nested(levels)} }`;
    expect(depthErrors(withFragment(MAX_DEPTH - 2))).toEqual([]);
    expect(depthErrors(withFragment(MAX_DEPTH - 1))).toHaveLength(1);
  });
});
