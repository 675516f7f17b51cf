import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { serializers } from "./logger.js";

/** An incoming id is kept only when it cannot forge or flood a log line: short, and of these characters. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:+=/-]{1,64}$/;

/** The caller's X-Request-Id when safe (so a proxy's id follows the request), else a fresh UUID; the response shows it. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", id);
  return id;
}

/**
 * One line per request: method, path without its query (queries can carry tokens), status, time.
 * req.log is a child carrying `reqId`: every error logged through it names the request.
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: requestId,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, path: (req.url ?? "").split("?")[0] }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      // pino-http gives req.log its own err serializer (pino's); ours keeps causes and drops parameter values.
      err: serializers.err,
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
  });
}
