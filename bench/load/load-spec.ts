/** What a load worker is asked to do and what it answers: plain data, sent over IPC. */

export interface RequestTemplate {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Where a template says `{{value}}`, each request puts the next value. */
export const PLACEHOLDER = "{{value}}";

/** A value, or a value of parts that belong together (a ticket's token and cookie), which fill `{{value.0}}`, `{{value.1}}`, …. */
export type Value = string | string[];

export const fillPlaceholder = (text: string, value: Value) =>
  typeof value === "string" ? text.split(PLACEHOLDER).join(value) : text.replace(/\{\{value\.(\d+)\}\}/g, (_, part: string) => value[Number(part)]!);

/** A template with its placeholders filled in. */
export function filled(request: RequestTemplate, value: Value): RequestTemplate {
  return {
    method: request.method,
    path: fillPlaceholder(request.path, value),
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, fillPlaceholder(v, value)])),
    ...(request.body === undefined ? {} : { body: fillPlaceholder(request.body, value) }),
  };
}

export interface LoadSpec {
  /** Origin of the target, http://127.0.0.1:port. */
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  request: RequestTemplate;
  /** Values taken in turn, round robin across all connections (pre-minted tokens, user ids, tickets). */
  rotate?: Value[];
  /**
   * Single-use values (rotating refresh tokens): each request takes one from the pool and a 200
   * response puts its successor (the JSON `field`) back, so each token is used exactly once.
   */
  chain?: { pool: string[]; field: string };
}

export interface LoadResult {
  /** Responses per second over the measured run (any status). */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  total: number;
  /** Responses with a status other than 2xx. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** CPU seconds the load generator itself used in the measured run. */
  cpuSeconds: number;
  /** Chain values still unused at the end (those in flight when the run stopped are lost), for another run. */
  chainPool?: string[];
  /** The first non-2xx body seen, to tell what went wrong. */
  sampleError?: string;
}
