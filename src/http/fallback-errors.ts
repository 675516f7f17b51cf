import type { ErrorRequestHandler, Request } from "express";
import type { Logger } from "pino";
import { bodyProblem, isUndecodablePath } from "#compat/kit/index.js";

/**
 * The last handler of a listener: body problems and undecodable paths (outside every contract)
 * as plain JSON 4xx, anything else as a bare 500, logged with the request's id.
 */
export function fallbackErrorHandler(onFault: (error: unknown, req: Request) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (isUndecodablePath(error)) {
      res.status(400).json({ error: "request path is not valid percent-encoded UTF-8" });
      return;
    }
    const problem = bodyProblem(error);
    if (problem) {
      res.status(problem.status).json({ error: problem.message });
      return;
    }
    onFault(error, req);
    res.status(500).json({ error: "internal server error" });
  };
}

/** req.log is pino-http's child of the logger, carrying the request id. */
export const requestLogger = (req: Request, fallback: Logger): Logger => (req.log as Logger | undefined) ?? fallback;
