import { NoFragmentCyclesRule, parse, validate, type DocumentNode, type Source, type ValidationRule } from "graphql";
import depthLimit from "graphql-depth-limit";

export { aliasLimitPlugin, aliasLimitRule, MAX_ALIASES } from "./aliases.js";
export { complexityError, complexityLimitPlugin, MAX_COMPLEXITY } from "./complexity.js";
export { errorsFor, introspectionPlugin, type IntrospectionMode } from "./introspection.js";
export { describeTextProblem, textProblem, wellFormedStringsRule, type TextProblem } from "./text.js";

export const MAX_DEPTH = 10;
/** Lexer tokens of one document: parsing (and validation, quadratic in repeated fields) stops early past it. */
export const MAX_TOKENS = 5_000;

const depthOf = depthLimit(MAX_DEPTH);

/**
 * graphql-depth-limit follows fragment spreads unguarded: a fragment cycle overflowed the stack, a
 * 500 (found by the fuzz suite). A document with a cycle is left to NoFragmentCyclesRule's 400.
 */
export const depthLimitRule: ValidationRule = (context) =>
  validate(context.getSchema(), context.getDocument(), [NoFragmentCyclesRule]).length > 0 ? {} : depthOf(context);

export const parseOptions = { maxTokens: MAX_TOKENS } as const;

/** graphql's parse with the token limit, for listeners that parse themselves (graphql-ws). */
export const parseLimited = (source: string | Source): DocumentNode => parse(source, parseOptions);
