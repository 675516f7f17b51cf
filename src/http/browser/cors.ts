import cors from "cors";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "#src/config/index.js";

export type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * CORS of the public listener, closed unless CORS_ORIGINS lists origins: a listed origin gets
 * exactly itself back (never `*`), with credentials only under CORS_CREDENTIALS; any other origin
 * gets no Access-Control-Allow-Origin, and its preflight goes on to the listener's own answer.
 */
export function corsFor(settings: Config["cors"]): Handler | undefined {
  if (settings.origins.length === 0) return undefined;
  const listed = new Set(settings.origins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && listed.has(origin) ? origin : false),
    credentials: settings.credentials,
    // The auth-service hands a fresh access token out in this header.
    exposedHeaders: ["Authentication", "X-Request-Id"],
    maxAge: 600,
  }) as Handler;
}
