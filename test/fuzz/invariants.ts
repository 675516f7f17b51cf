import type { Shape } from "./targets.js";
import type { WireResponse } from "./wire.js";

/** What a body must never show: traces, paths, driver and SQL text, JavaScript faults. */
const LEAKS: [RegExp, string][] = [
  [/\n\s*at [^\n]*(\(|\/)/, "a stack trace"],
  [/node_modules/, "node_modules"],
  [/\/work\/|\/home\/|\/usr\/lib|\/src\/|\/compat\/|[A-Za-z]:\\\\/, "a file path"],
  [/\.(ts|js|mjs|cjs):\d+/, "a source location"],
  [/SQLSTATE/i, "an SQLSTATE"],
  [/drizzle/i, "the ORM's name"],
  [/\bselect\s+[\w"*., ]+\s+from\s|\binsert\s+into\s|\bdelete\s+from\s|\bupdate\s+"?\w+"?\s+set\s/i, "SQL text"],
  [/violates (not-null|unique|foreign key|check) constraint|duplicate key value|invalid input syntax for|invalid byte sequence|syntax error at or near|relation "[^"]+" does not exist|unsupported Unicode escape/i, "a database message"],
  [/\b(TypeError|ReferenceError|RangeError|SyntaxError): |Cannot read propert|is not a function|Maximum call stack|Unexpected token/, "a JavaScript error"],
  [/PGlite|postgres(ql)?:\/\//i, "a driver detail"],
];

/** The first leak found in an answer's body or headers, named. */
export function leakIn(response: WireResponse): string | undefined {
  const text = `${Object.values(response.headers).join("\n")}\n${response.text}`;
  return LEAKS.find(([pattern]) => pattern.test(text))?.[1];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown) => typeof value === "string";

/** Each contract's error body (DESIGN.md, Errors; the specs). */
const ERROR_SHAPES: Record<Exclude<Shape, "page">, (body: unknown) => boolean> = {
  galaxy: (b) => isObject(b) && isObject(b.error) && str(b.error.code) && str(b.error.message),
  oidc: (b) => isObject(b) && str(b.error) && (b.error_description === undefined || str(b.error_description)),
  "id-broker": (b) => isObject(b) && str(b.name) && str(b.message) && typeof b.status === "number" && "code" in b,
  "auth-service": (b) => isObject(b) && b.success === false && str(b.message),
  passkey: (b) => isObject(b) && str(b.detail),
  graphql: (b) => isObject(b) && Array.isArray(b.errors) && b.errors.length > 0 && b.errors.every((e) => isObject(e) && str(e.message)),
};

/**
 * Answers that come before any contract sees the request, the same on every path: the HTTP
 * parser's bare 400/431 (a NUL in a header, raw bytes in the path, a header too large: no body),
 * and the listener's own JSON for a path outside every route (`{"error": "..."}`, 404 or a body
 * problem). They are counted apart in the figures.
 */
export function listenerAnswer(response: WireResponse, body: unknown): boolean {
  if (response.text === "") return true;
  return isObject(body) && Object.keys(body).length === 1 && str(body.error);
}

export function parsed(response: WireResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

/**
 * Why an error answer is not in its contract's shape, or undefined when it is. The passkey
 * contract answers two things in HTML by design: forward auth's restricted page for a browser
 * (restricted-page.ts), and a WebSocket handshake that the ws library itself refuses (a method
 * other than GET, a bad key or version), which no browser reads.
 */
export function shapeProblem(shape: Shape, response: WireResponse): string | undefined {
  if (shape === "page" || response.status < 400) return undefined;
  if (shape === "passkey" && /^text\/html/.test(response.headers["content-type"] ?? "")) return undefined;
  const body = parsed(response);
  if (listenerAnswer(response, body)) return undefined;
  if (body === undefined) return `a ${response.status} whose body is not JSON: ${response.text.slice(0, 120)}`;
  return ERROR_SHAPES[shape](body) ? undefined : `a ${response.status} not in the ${shape} error shape: ${response.text.slice(0, 200)}`;
}

/** Statuses a target may answer: never a 5xx, but for the 503 a spec documents (Galaxy) or the page's "UI not built". */
export function statusProblem(shape: Shape, contract: string, status: number): string | undefined {
  if (status < 500) return undefined;
  if (status === 503 && (contract.startsWith("galaxy") || shape === "page")) return undefined;
  return `status ${status}`;
}
