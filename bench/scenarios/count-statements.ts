/**
 * SQL statements per request, counted in a child process that runs the server in process (from
 * the sources, on the bench database, with the same keys and PUBLIC_URL as the compiled
 * instances) with startServer's onQuery hook. Each sample's requests run in order; the
 * statements of the last one are counted, the earlier ones warm the caches up as under load.
 * onQuery sees the statements drizzle runs: transaction control (BEGIN, COMMIT) is not counted,
 * and neither is the change-feed LISTEN. pg_stat_statements would see them all, but it needs
 * shared_preload_libraries and a PostgreSQL restart, which the bench cannot assume.
 */
import { pino } from "pino";
import { loadConfig } from "#src/config/index.js";
import { startServer } from "#src/http/index.js";
import type { RequestTemplate } from "../load/load-spec.js";
import { serveParent } from "../process/children.js";

export interface StatementSample {
  id: string;
  listener: "public" | "internal";
  requests: RequestTemplate[];
}

export interface CountInput {
  env: Record<string, string>;
  samples: StatementSample[];
}

/** A background loop's statement, not a request's: the webhook delivery's claim, every second. */
const isBackground = (sql: string) => sql.startsWith('update "webhooks" set "lease_until"');

export type CountResult = Record<string, { statements: number; status: number; sql: string[] }>;

serveParent<CountInput, CountResult>(async ({ env, samples }) => {
  let seen: string[] = [];
  const server = await startServer(loadConfig({ ...env, PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }), {
    logger: pino({ level: "silent" }),
    onQuery: (sql) => void (isBackground(sql) || seen.push(sql)),
  });
  const counts: CountResult = {};
  try {
    for (const sample of samples) {
      const base = sample.listener === "public" ? server.publicUrl : server.internalUrl;
      let status = 0;
      for (const request of sample.requests) {
        seen = [];
        const res = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body });
        await res.arrayBuffer();
        status = res.status;
        // Work a route finishes after it has answered still belongs to the request.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      counts[sample.id] = { statements: seen.length, status, sql: seen };
    }
  } finally {
    await server.stop();
  }
  return { type: "result", value: counts };
});
