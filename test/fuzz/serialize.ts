import { gzipSync } from "node:zlib";
import type { Draft } from "./samples.js";
import type { WireRequest } from "./wire.js";

/** Text goes out as UTF-8; a Buffer is exact bytes (a mutation that means them). */
const bytes = (value: string | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8"));

/** Percent-encodes text's UTF-8 bytes (encodeURIComponent throws on a lone surrogate; this writes U+FFFD's bytes). */
export function percentEncoded(text: string): string {
  return [...Buffer.from(text, "utf8")].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, "0")}`)).join("");
}

/** The request target: parameters percent-encoded (text) or as given (bytes), then the raw query. */
export function renderTarget(draft: Draft): Buffer {
  const segments = draft.path.split("/").map((segment) => {
    if (!segment.startsWith(":")) return Buffer.from(segment, "latin1");
    const value = draft.params[segment.slice(1)];
    if (value === undefined) return Buffer.from(segment, "latin1");
    return Buffer.isBuffer(value) ? value : Buffer.from(percentEncoded(value), "latin1");
  });
  const path = Buffer.concat(segments.flatMap((segment, i) => (i === 0 ? [segment] : [Buffer.from("/"), segment])));
  const query = bytes(draft.query);
  return query.length === 0 ? path : Buffer.concat([path, Buffer.from("?"), query]);
}

/** Bytes placed as they are inside a JSON body, where JSON.stringify cannot write them (invalid UTF-8, nesting too deep to build). */
export class Splice {
  constructor(readonly bytes: Buffer) {}
}

const MARK = "\u0001splice\u0001";

/** JSON text of a value whose Splice parts go out as their raw bytes. */
function jsonBytes(value: unknown): Buffer {
  const splices: Buffer[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof Splice)) return item;
    splices.push(item.bytes);
    return MARK;
  }) ?? "";
  const parts = text.split(JSON.stringify(MARK));
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [Buffer.from(part, "utf8")] : [splices[i - 1]!, Buffer.from(part, "utf8")])));
}

function bodyOf(draft: Draft): { body: Buffer; type?: string } {
  const payload = draft.payload;
  switch (payload.kind) {
    case "none":
      return { body: Buffer.alloc(0) };
    case "json":
      // JSON.stringify writes NUL and lone surrogates as \u escapes: the server sees them after parsing.
      return { body: jsonBytes(payload.value), type: "application/json" };
    case "form":
      return { body: Buffer.from(new URLSearchParams(payload.fields).toString(), "utf8"), type: "application/x-www-form-urlencoded" };
    case "raw":
      return { body: payload.bytes, type: payload.type };
  }
}

/**
 * The bytes of a draft. A Content-Type the draft sets itself wins over the payload's (a lie is a
 * mutation); `Content-Encoding: gzip` on a draft marked for it compresses the body for real.
 */
export function toWire(draft: Draft): WireRequest {
  const { body, type } = bodyOf(draft);
  const named = (name: string) => draft.headers.some(([header]) => header.toLowerCase() === name);
  const headers = [...draft.headers];
  if (type && !named("content-type")) headers.unshift(["Content-Type", type]);
  const encoding = draft.headers.find(([header]) => header.toLowerCase() === "content-encoding")?.[1];
  const gzip = encoding !== undefined && bytes(encoding).toString("utf8") === "gzip" && draft.gzipBody === true;
  return {
    method: draft.method,
    target: renderTarget(draft),
    headers: headers.map(([name, value]) => Buffer.concat([Buffer.from(`${name}: `, "latin1"), bytes(value)])),
    body: gzip ? gzipSync(body) : body,
  };
}
