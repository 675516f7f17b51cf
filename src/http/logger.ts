import { pino, type Logger } from "pino";

/** Paths pino blanks wherever they appear: credentials never reach a log line. */
export const redactedPaths = [
  "password", "*.password", "newPassword", "*.newPassword", "secret", "*.secret", "token", "*.token",
  "code", "*.code", "refresh_token", "*.refresh_token", "access_token", "*.access_token",
  "req.headers.authorization", "req.headers.cookie", "req.headers[\"x-api-key\"]", "res.headers[\"set-cookie\"]",
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: "[redacted]" } });
}
