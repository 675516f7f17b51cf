import { pino, type DestinationStream, type Logger } from "pino";

/** Paths pino blanks wherever they appear: credentials never reach a log line. */
export const redactedPaths = [
  "password", "*.password", "newPassword", "*.newPassword", "secret", "*.secret", "token", "*.token",
  "code", "*.code", "refresh_token", "*.refresh_token", "access_token", "*.access_token",
  "req.headers.authorization", "req.headers.cookie", "req.headers[\"x-api-key\"]", "res.headers[\"set-cookie\"]",
];

/** destination: stdout unless given (tests capture the lines to prove no secret is in them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: redactedPaths, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
