import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

export type TextProblem = "NUL" | "surrogate";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What makes a string unstorable: PostgreSQL text refuses NUL, and a lone UTF-16 surrogate has
 * no UTF-8 form (drivers turn it into U+FFFD, silently changing the value).
 */
export function textProblem(value: string): TextProblem | undefined {
  if (value.includes("\u0000")) return "NUL";
  return LONE_SURROGATE.test(value) ? "surrogate" : undefined;
}

/** "username must not contain NUL characters": the wording OIDC's inputs already use. */
export function describeTextProblem(label: string, problem: TextProblem): string {
  return problem === "NUL" ? `${label} must not contain NUL characters` : `${label} must not contain unpaired UTF-16 surrogates`;
}

/**
 * String literals of a document: the lexer decodes `\u0000` into a NUL that would reach the
 * database. (It already refuses lone surrogates; the check covers both anyway.)
 */
export function wellFormedStringsRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      const problem = textProblem(node.value);
      if (problem) context.reportError(new GraphQLError(describeTextProblem("a string literal", problem), { nodes: node }));
    },
  };
}
