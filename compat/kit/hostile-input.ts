import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import type { Request } from "express";
import { describeTextProblem, textProblem } from "#src/graphql/index.js";

/**
 * Input no contract can take, found once at the edge, before any route reads it: NUL
 * characters (PostgreSQL text refuses them), lone UTF-16 surrogates (no UTF-8 form) and
 * bytes that are not UTF-8. Each contract's error table answers the two codes; a route
 * may answer differently (RouteDefinition.malformed).
 */
export const MalformedCode = {
  /** A body field, a query parameter (or a name of one) that is not storable text. */
  MALFORMED_INPUT: "MALFORMED_INPUT",
  /** A path segment that does not decode, or decodes to text no id can be. */
  MALFORMED_PATH: "MALFORMED_PATH",
} as const;

export type MalformedCode = (typeof MalformedCode)[keyof typeof MalformedCode];

export interface Malformed {
  code: MalformedCode;
  message: string;
}

const UNDECODABLE_PATH = "request path is not valid percent-encoded UTF-8";

/**
 * The first string, or object key, at any depth of a parsed value that is not storable text;
 * its message names where (`actor.type`, `a field name in actor`). Iterative: a deeply nested
 * JSON body must not overflow the stack.
 */
export function findMalformedText(value: unknown, label = ""): string | undefined {
  const pending: [unknown, string][] = [[value, label]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === "string") {
      const problem = textProblem(current);
      if (problem) return describeTextProblem(path || "the request body", problem);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, path ? `${path}.${index}` : String(index)]));
    } else if (current && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) return describeTextProblem(path ? `a field name in ${path}` : "a field name", problem);
        pending.push([item, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * The bytes a percent-encoded text stands for: each valid %XX escape is its byte, anything else
 * (including a stray %) is itself, as querystring and body-parser read it.
 */
function percentDecoded(raw: Buffer): Buffer {
  const bytes = Buffer.alloc(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25 && i + 2 < raw.length && HEX.test(raw.toString("latin1", i + 1, i + 3))) {
      bytes[length++] = parseInt(raw.toString("latin1", i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[length++] = raw[i]!;
    }
  }
  return bytes.subarray(0, length);
}

/**
 * Whether percent-encoded text (a query string, a form body) decodes to UTF-8. querystring turns
 * an invalid sequence into U+FFFD without a word; a stored value would silently differ from the sent one.
 */
export function isPercentEncodedUtf8(raw: Buffer | string): boolean {
  // Node reads the request line as latin1: each char of req.url is one byte as sent.
  return isUtf8(percentDecoded(typeof raw === "string" ? Buffer.from(raw, "latin1") : raw));
}

const undecodableBodies = new WeakSet<IncomingMessage>();

/**
 * A body parser's verify hook: remembers a body whose bytes are not UTF-8 (JSON), or whose
 * escapes are not (forms). Only for a UTF-8 body; parsers refuse other charsets themselves.
 */
export function checkBodyBytes(format: "json" | "form") {
  return (req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string) => {
    if (!/^utf-?8$/i.test(encoding)) return;
    if (!(format === "form" ? isPercentEncodedUtf8(buf) : isUtf8(buf))) undecodableBodies.add(req);
  };
}

/** The body's bytes (as checkBodyBytes saw them) are not UTF-8. */
export const hasUndecodableBody = (req: IncomingMessage): boolean => undecodableBodies.has(req);

const rawQueryOf = (req: Request) => {
  const url = req.originalUrl ?? req.url;
  const mark = url.indexOf("?");
  return mark < 0 ? "" : url.slice(mark + 1);
};

const rawPathOf = (req: Request) => (req.originalUrl ?? req.url).split("?")[0]!;

const decodes = (segment: string): boolean => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

/**
 * The URL with every path segment that does not percent-decode re-encoded from its bytes (bytes
 * that are not UTF-8 become U+FFFD, a stray % becomes %25), so that Express can still route it to
 * the route it names, which then answers it as MALFORMED_PATH from the original URL; undefined
 * when the URL decodes as it is.
 */
export function routableUrl(url: string): string | undefined {
  const mark = url.indexOf("?");
  const segments = (mark < 0 ? url : url.slice(0, mark)).split("/");
  if (segments.every(decodes)) return undefined;
  const path = segments.map((segment) => (decodes(segment) ? segment : encodeURIComponent(percentDecoded(Buffer.from(segment, "latin1")).toString("utf8"))));
  return path.join("/") + (mark < 0 ? "" : url.slice(mark));
}

/** A route's path: bytes that are not UTF-8 (raw, or as escapes), a stray %, or a parameter that is not storable text. */
export function malformedPath(req: Request): Malformed | undefined {
  const raw = rawPathOf(req);
  if (!isPercentEncodedUtf8(raw) || !raw.split("/").every(decodes)) return { code: MalformedCode.MALFORMED_PATH, message: UNDECODABLE_PATH };
  for (const [name, value] of Object.entries(req.params ?? {})) {
    const problem = typeof value === "string" ? textProblem(value) : undefined;
    if (problem) return { code: MalformedCode.MALFORMED_PATH, message: describeTextProblem(name, problem) };
  }
  return undefined;
}

/** The raw query string's escapes are not UTF-8 (querystring would have read them as U+FFFD). */
export function undecodableQuery(req: Request): string | undefined {
  return isPercentEncodedUtf8(rawQueryOf(req)) ? undefined : "the query string is not valid percent-encoded UTF-8";
}

/** The query string and the parsed body: the first value (or name) that is not storable text. */
export function malformedInput(req: Request): Malformed | undefined {
  const input = (message: string): Malformed => ({ code: MalformedCode.MALFORMED_INPUT, message });
  const undecodable = undecodableQuery(req);
  if (undecodable) return input(undecodable);
  const inQuery = findMalformedText(req.query);
  if (inQuery) return input(`query parameter ${inQuery.replace(/^a field name/, "name")}`);
  if (hasUndecodableBody(req)) return input("the request body is not valid UTF-8");
  const inBody = findMalformedText(req.body);
  return inBody ? input(inBody) : undefined;
}

/** Express's router could not percent-decode a path parameter (it throws a URIError with status 400). */
export function isUndecodablePath(error: unknown): boolean {
  return error instanceof URIError && (error as { status?: unknown }).status === 400;
}
