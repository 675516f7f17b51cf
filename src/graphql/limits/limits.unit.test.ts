import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { depthLimitRule, MAX_DEPTH, wellFormedStringsRule } from "./index.js";

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

describe("string literals", () => {
  const textSchema = buildSchema(`type Query { echo(text: String): String }`);
  const literalErrors = (query: string) => validate(textSchema, parse(query), [wellFormedStringsRule]).map((e) => e.message);

  it("refuses a NUL escape in a literal, a block string or a default value", () => {
    expect(literalErrors(String.raw`{ echo(text: "a\u0000b") }`)).toEqual(["a string literal must not contain NUL characters"]);
    expect(literalErrors(String.raw`{ echo(text: "\u{0}") }`)).toEqual(["a string literal must not contain NUL characters"]);
    expect(literalErrors('{ echo(text: """a\u0000""") }')).toEqual(["a string literal must not contain NUL characters"]);
    expect(literalErrors(String.raw`query($t: String = "\u0000") { echo(text: $t) }`)).toEqual(["a string literal must not contain NUL characters"]);
  });

  it("accepts other escapes and characters outside the BMP", () => {
    expect(literalErrors(String.raw`{ echo(text: "tab\t \u00e9 \uD83D\uDE00 \u{1F600}") }`)).toEqual([]);
  });
});
