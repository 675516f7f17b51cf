import type { ErrorRequestHandler } from "express";
import { bodyProblem } from "#compat/kit/index.js";

/** The last handler of a listener: body problems as plain JSON, anything else as a bare 500. */
export function fallbackErrorHandler(onFault: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const problem = bodyProblem(error);
    if (problem) {
      res.status(problem.status).json({ error: problem.message });
      return;
    }
    onFault(error);
    res.status(500).json({ error: "internal server error" });
  };
}
