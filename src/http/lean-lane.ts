import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import proxyaddr from "proxy-addr";
import type { LeanMatch, LeanRoute, Reply } from "#compat/kit/index.js";
import { requestId } from "./request-log.js";

/** Serves the request and says true, or says false and leaves it to express. */
export type LeanLane = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What express's res.json / res.send would write for the same answer (no ETag: the listeners turn it off). */
function write(res: ServerResponse, answer: Reply): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (answer.body === undefined) {
    res.end();
    return;
  }
  const text = typeof answer.body === "string";
  const payload = text ? (answer.body as string) : JSON.stringify(answer.body);
  if (!res.hasHeader("content-type")) res.setHeader("Content-Type", text ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(payload));
  res.end(payload);
}

/**
 * No body at all, and nothing express's body parser would act on: no Transfer-Encoding, and no
 * Content-Length, or 0 without a Content-Type (body-parser reads even an empty body of a type it
 * parses, and answers a charset it refuses with 415).
 */
function bodiless(req: IncomingMessage): boolean {
  const { "transfer-encoding": chunked, "content-length": length, "content-type": type } = req.headers;
  return chunked === undefined && (length === undefined || (length === "0" && type === undefined));
}

/**
 * The listener's first stop: a GET or POST whose method, path and query (see LeanRoute) a lean
 * route takes, bodiless unless the route reads a form, is answered here, with the request id and
 * the log line express's middleware would give it.
 */
export function leanLane(routes: LeanRoute[], logger: Logger, trustProxy: string[]): LeanLane {
  // The listeners' express setting "trust proxy" too, so that the caller's address is the same on both paths.
  const trusted = proxyaddr.compile(trustProxy);
  if (routes.length === 0) return () => false;

  async function serve(route: LeanRoute, match: LeanMatch, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const reqId = requestId(req, res);
    const log = () => logger.child({ reqId });
    const client = { ip: proxyaddr(req, trusted), userAgent: req.headers["user-agent"] ?? null };
    write(res, await route.serve(req, match, client, log));
    const level = res.statusCode >= 500 ? "error" : "info";
    if (logger.isLevelEnabled(level)) {
      // The path without its query, as express's log line has it: a query can carry a token.
      const line = { reqId, lane: "lean", req: { id: reqId, method: req.method, path }, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started) };
      logger[level](line, "request completed");
    }
  }

  return (req, res) => {
    const hasBody = !bodiless(req);
    const url = req.url ?? "";
    const mark = url.indexOf("?");
    const path = mark < 0 ? url : url.slice(0, mark);
    const rawQuery = mark < 0 ? "" : url.slice(mark + 1);
    for (const route of routes) {
      if (route.method !== req.method || (hasBody && !route.readsBody)) continue;
      const match = route.match(path, rawQuery);
      if (match) {
        void serve(route, match, path, req, res);
        return true;
      }
    }
    return false;
  };
}
