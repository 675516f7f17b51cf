import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { aliasLimitRule, depthLimitRule, MAX_ALIASES, MAX_DEPTH, wellFormedStringsRule } from "./index.js";

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

describe("alias limit", () => {
  const aliasErrors = (query: string) => validate(schema, parse(query), [aliasLimitRule]).map((e) => e.extensions.code);
  const aliases = (n: number, field = "id") => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ");

  it("accepts the limit and refuses one more alias, at any level", () => {
    expect(aliasErrors(`{ node { ${aliases(MAX_ALIASES)} } }`)).toEqual([]);
    expect(aliasErrors(`{ node { ${aliases(MAX_ALIASES + 1)} } }`)).toEqual(["TOO_MANY_ALIASES"]);
    expect(aliasErrors(`{ node { child { ${aliases(MAX_ALIASES - 1)} } } x: node { id } y: node { id } }`)).toEqual(["TOO_MANY_ALIASES"]);
  });

  it("counts a field repeated under the same name as an alias, and inline fragments as part of their selection set", () => {
    expect(aliasErrors(`{ node { ${"id ".repeat(MAX_ALIASES + 1)}} }`)).toEqual([]);
    expect(aliasErrors(`{ node { ${"id ".repeat(MAX_ALIASES + 2)}} }`)).toEqual(["TOO_MANY_ALIASES"]);
    expect(aliasErrors(`{ node { id ... on Node { ${"id ".repeat(MAX_ALIASES)}} } }`)).toEqual([]);
    expect(aliasErrors(`{ node { id ... on Node { ${"id ".repeat(MAX_ALIASES + 1)}} } }`)).toEqual(["TOO_MANY_ALIASES"]);
  });

  it("counts a fragment's aliases at each of its spreads, and does not loop on a fragment cycle", () => {
    const fragment = `fragment F on Node { ${aliases(MAX_ALIASES / 2)} }`;
    expect(aliasErrors(`{ node { ...F } } ${fragment}`)).toEqual([]);
    expect(aliasErrors(`{ node { ...F child { ...F } } x: node { id } } ${fragment}`)).toEqual(["TOO_MANY_ALIASES"]);
    expect(aliasErrors(`{ node { ...A } } fragment A on Node { child { ...B } } fragment B on Node { child { ...A } }`)).toEqual([]);
  });

  it("stops counting a fragment bomb early and refuses it", () => {
    const bomb = Array.from({ length: 12 }, (_, i) => `fragment F${i + 1} on Node { child { ...F${i} } node2: child { ...F${i} } }`).join(" ");
    expect(aliasErrors(`{ node { ...F12 } } fragment F0 on Node { id } ${bomb}`)).toEqual(["TOO_MANY_ALIASES"]);
  });
});
