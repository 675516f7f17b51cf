import { pino, type DestinationStream, type Logger } from "pino";

/** Paths pino blanks wherever they appear: credentials never reach a log line. */
export const redactedPaths = [
  "password", "*.password", "newPassword", "*.newPassword", "secret", "*.secret", "token", "*.token",
  "code", "*.code", "refresh_token", "*.refresh_token", "access_token", "*.access_token",
  "req.headers.authorization", "req.headers.cookie", "req.headers[\"x-api-key\"]", "res.headers[\"set-cookie\"]",
];

type SerializedError = Record<string, unknown> & { message?: string; cause?: unknown };

/**
 * A failed SQL statement's error carries its parameters (e-mails, hashes, sealed secrets) in
 * `params` and in its message; the log keeps the statement and drops the values, at every level of `cause`.
 */
export function withoutQueryParameters(serialized: SerializedError): SerializedError {
  const { params: _params, parameters: _parameters, args: _args, ...rest } = serialized;
  // pino folds the causes' messages into `message` and their stacks into `stack`.
  for (const key of ["message", "stack"] as const) {
    if (typeof rest[key] === "string") rest[key] = (rest[key] as string).replace(/params: [^\n]*/g, "params: [redacted]");
  }
  if (rest.cause && typeof rest.cause === "object") rest.cause = withoutQueryParameters(rest.cause as SerializedError);
  return rest;
}

const serializers = { err: (error: Error) => withoutQueryParameters(pino.stdSerializers.err(error) as unknown as SerializedError) };

/** destination: stdout unless given (tests capture the lines to prove no secret is in them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: "[redacted]" }, serializers };
  return destination ? pino(options, destination) : pino(options);
}
