import { pino, type DestinationStream, type Logger } from "pino";

/** Paths pino blanks wherever they appear: credentials never reach a log line. */
export const redactedPaths = [
  "password", "*.password", "newPassword", "*.newPassword", "secret", "*.secret", "token", "*.token",
  "code", "*.code", "refresh_token", "*.refresh_token", "access_token", "*.access_token",
  "req.headers.authorization", "req.headers.cookie", "req.headers[\"x-api-key\"]", "res.headers[\"set-cookie\"]",
];

type SerializedError = Record<string, unknown> & { message?: string; cause?: unknown };

/**
 * Fields of driver errors that carry values: the statement's parameters (drizzle `params`, PGlite
 * `params`, postgres-js `parameters`), PostgreSQL's `detail` ("Key (email)=(ada@example.com)
 * already exists"), `where` ("unnamed portal parameter $1 = '…'"), `hint` and `internalQuery`.
 */
const VALUE_FIELDS = ["params", "parameters", "args", "detail", "where", "hint", "internalQuery", "internal_query", "queryOptions"];

/**
 * Messages that quote values: drizzle's "params:" line and PostgreSQL's data exceptions (SQLSTATE
 * class 22). `known` are the exact parameter texts of the chain: pino folds the causes' messages
 * into one line ("…params: a,b: forced failure"), where only the exact text tells where the values end.
 */
function withoutValues(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const values of known) out = out.split(`params: ${values}`).join("params: [redacted]");
  return out
    .replace(/params: (?!\[redacted\])[^\n]*/g, "params: [redacted]")
    .replace(/((?:for type|for enum) [\w. "]+?): "(?:[^"\n]|"")*"/g, "$1: [redacted]")
    .replace(/value "(?:[^"\n]|"")*" is out of range/g, "value [redacted] is out of range");
}

/** The error below this one: its `cause`, or GraphQL's `originalError`. */
const causeOf = (error: object): unknown => (error as { cause?: unknown }).cause ?? (error as { originalError?: unknown }).originalError;

/** How drizzle wrote each statement's parameters into its message (`params: ${params}`), down the chain. */
function parameterTexts(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  for (let e = error; e && typeof e === "object" && !seen.has(e) && seen.size < 8; e = causeOf(e)) {
    seen.add(e);
    for (const field of ["params", "parameters"]) {
      const values = (e as Record<string, unknown>)[field];
      if (Array.isArray(values) && values.length > 0) texts.push(String(values));
    }
  }
  return texts;
}

/**
 * A failed SQL statement's error carries its parameters (e-mails, hashes, sealed secrets) in
 * `params` and in its message; the log keeps the statement and drops the values, at every level
 * of `cause` and in any nested error (pino serializes an error-valued field such as GraphQL's
 * `originalError` with its own serializer).
 */
export function withoutQueryParameters(serialized: SerializedError, known: readonly string[] = [], depth = 0): SerializedError {
  const rest: SerializedError = { ...serialized };
  for (const field of VALUE_FIELDS) delete rest[field];
  // pino folds the causes' messages into `message` and their stacks into `stack`.
  for (const key of ["message", "stack"] as const) {
    if (typeof rest[key] === "string") rest[key] = withoutValues(rest[key] as string, known);
  }
  if (depth < 4) {
    for (const [key, value] of Object.entries(rest)) {
      if (Array.isArray(value)) rest[key] = value.map((item: unknown) => (isObject(item) ? withoutQueryParameters(item, known, depth + 1) : item));
      else if (isObject(value)) rest[key] = withoutQueryParameters(value, known, depth + 1);
    }
  }
  return rest;
}

/** Plain objects and serialized errors; not buffers, dates or class instances. */
function isObject(value: unknown): value is SerializedError {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || typeof (value as { message?: unknown }).message === "string";
}

interface CauseSummary {
  type: string;
  message: string;
  /** The SQLSTATE, named so: a bare `code` field is blanked by the redaction of OAuth codes. */
  sqlState?: string;
  constraint?: string;
  table?: string;
  schema?: string;
  column?: string;
  routine?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The first string among a driver error's spellings of one field (PGlite `table`, postgres-js `table_name`). */
function firstText(error: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) if (typeof error[name] === "string" && error[name] !== "") return error[name] as string;
  return undefined;
}

function summarize(error: Error & Record<string, unknown>, known: readonly string[]): CauseSummary {
  const code = error.code;
  const summary: CauseSummary = { type: error.constructor?.name ?? error.name, message: withoutValues(error.message, known) };
  if (typeof code === "string" && SQLSTATE.test(code)) summary.sqlState = code;
  const fields = {
    constraint: firstText(error, "constraint_name", "constraint"),
    table: firstText(error, "table_name", "table"),
    schema: firstText(error, "schema_name", "schema"),
    column: firstText(error, "column_name", "column"),
    routine: firstText(error, "routine"),
  };
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) summary[name as keyof typeof fields] = value;
  return summary;
}

/**
 * What went wrong, at every level: the error's own summary and then each cause's (GraphQL's
 * originalError, drizzle's DrizzleQueryError, the driver's error with its SQLSTATE, constraint
 * and table). Bounded, and safe against a cycle.
 */
export function causeChain(error: unknown, known: readonly string[] = parameterTexts(error)): CauseSummary[] {
  const chain: CauseSummary[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current) && chain.length < 8) {
    seen.add(current);
    chain.push(summarize(current as Error & Record<string, unknown>, known));
    current = causeOf(current);
  }
  return chain;
}

/** pino's error serializer, with the values taken out and the cause chain (SQLSTATE, constraint, table) kept. */
export function serializeError(input: unknown): unknown {
  // pino-http hands over pino's serialization of the error, which keeps the original in `raw`.
  const raw = (input as { raw?: unknown } | null)?.raw;
  const error = input instanceof Error ? input : raw instanceof Error ? raw : undefined;
  if (!error) return isObject(input) ? withoutQueryParameters(pino.stdSerializers.err(input as unknown as Error) as unknown as SerializedError) : input;
  const known = parameterTexts(error);
  const serialized = withoutQueryParameters(pino.stdSerializers.err(error) as unknown as SerializedError, known);
  const [own, ...causes] = causeChain(error, known);
  if (own?.sqlState) Object.assign(serialized, { ...own, type: serialized.type, message: serialized.message });
  if (causes.length > 0) serialized.causes = causes;
  return serialized;
}

export const serializers = { err: serializeError };

/** destination: stdout unless given (tests capture the lines to prove no secret is in them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: "[redacted]" }, serializers };
  return destination ? pino(options, destination) : pino(options);
}
