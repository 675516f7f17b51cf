import type { ServerResponse } from "node:http";

/**
 * Defaults of every answer, before any route runs (a route that sets its own keeps it): answers carry
 * tokens, tickets and session state, which no cache may keep, and no browser may sniff into HTML.
 */
export function apiHeaders(res: ServerResponse): void {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
}
