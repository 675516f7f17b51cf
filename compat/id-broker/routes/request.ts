import type { Request } from "express";
import type { Reply } from "#compat/kit/index.js";
import { brokerError } from "../replies.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** The routes that take a body take a JSON object (express.json has parsed it, or left undefined for another type). */
export function jsonObjectBody(req: Request): Parsed<Record<string, unknown>> {
  const body: unknown = req.body;
  if (body && typeof body === "object" && !Array.isArray(body)) return { ok: true, value: body as Record<string, unknown> };
  return { ok: false, reply: brokerError(400, "request body must be a JSON object sent as application/json") };
}

/** A query parameter given once as text; undefined when absent (or given as a list). */
export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === "string" ? value : undefined;
}
