import fc from "fast-check";
import type { Draft, Payload } from "./samples.js";
import { percentEncoded, Splice } from "./serialize.js";

/** One change to a request; the label is what a failure report and the figures name. */
export class Mutation {
  constructor(
    readonly family: "body" | "header" | "query" | "path" | "method" | "seed",
    readonly label: string,
    readonly apply: (draft: Draft) => void,
  ) {}
  [fc.toStringMethod](): string {
    return `${this.family}:${this.label}`;
  }
}

const BODY_LIMIT_PLUS = 200 * 1024;
const NESTING = 100_000;

/** Text that has hurt somebody's server: NUL, lone surrogates, controls, escapes, injections, sizes. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "\udc00x", "x\ud83d", "\ufffe", "\u202e", "\r\n", "%00", "%ED%A0%80", "..", "../../etc/passwd", "'; drop table users; --", "${x}", "{{x}}", "<script>", "\\", '"', "__proto__", "constructor", "null", "", " ", "💥".repeat(50)),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ minLength: 1_000, maxLength: 3_000 }),
  fc.constant("x".repeat(60_000)),
);

/** A value of a type the field was not meant to have. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -0, 2 ** 53 + 1),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constantFrom({ __proto__: { admin: true } }, JSON.parse('{"__proto__":{"admin":true}}'), { constructor: { prototype: { admin: true } } }),
  fc.integer({ min: 100, max: 5_000 }).map((depth) => new Splice(Buffer.from("[".repeat(depth) + "]".repeat(depth)))),
);

/** Where a JSON value can be changed: the key paths of its objects and arrays, the root first. */
function slots(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const here = [path];
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => slots(item, [...path, i])));
  if (value && typeof value === "object" && !(value instanceof Splice)) return here.concat(...Object.entries(value).map(([key, item]) => slots(item, [...path, key])));
  return here;
}

function setAt(root: { value: unknown }, path: (string | number)[], next: (old: unknown) => unknown | undefined): void {
  if (path.length === 0) {
    root.value = next(root.value);
    return;
  }
  let parent: any = root.value;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1)!;
  const value = next(parent[last]);
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = value;
  }
}

const jsonEdit = (label: string, pick: number, next: (old: unknown) => unknown | undefined) =>
  new Mutation("body", label, (draft) => {
    if (draft.payload.kind !== "json") draft.payload = { kind: "json", value: {} };
    const payload = draft.payload as { kind: "json"; value: unknown };
    const all = slots(payload.value);
    setAt(payload, all[pick % all.length]!, next);
  });

const invalidUtf8 = fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]).map((b) => Buffer.from(b));

const bodyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), wrongValue).map(([pick, value]) => jsonEdit("wrong value", pick, () => value)),
  fc.nat().map((pick) => jsonEdit("drop field", pick + 1, () => undefined)),
  fc.tuple(fc.nat(), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "prototype", "a\u0000", "\ud800", "")), wrongValue).map(([pick, key, value]) =>
    jsonEdit("extra field", pick, (old) => (old && typeof old === "object" && !Array.isArray(old) && !(old instanceof Splice) ? Object.assign(Object.create(null), old, { [key]: value }) : old)),
  ),
  fc.nat().map((pick) => jsonEdit("array for object", pick, (old) => [old])),
  fc.tuple(fc.nat(), invalidUtf8).map(([pick, bytes]) => jsonEdit("invalid UTF-8 in a string", pick, () => new Splice(Buffer.concat([Buffer.from('"a'), bytes, Buffer.from('b"')])))),
  wrongValue.map((value) => new Mutation("body", "whole body replaced", (draft) => void (draft.payload = { kind: "json", value }))),
  fc.constantFrom(
    ["not JSON", "{", "application/json"],
    ["trailing garbage", '{"a":1}x', "application/json"],
    ["JSON with a BOM", '\ufeff{"a":1}', "application/json"],
    ["duplicate keys", '{"a":1,"a":2}', "application/json"],
    ["form for JSON", "a=1&b=2", "application/x-www-form-urlencoded"],
    ["empty", "", undefined],
  ).map(([label, text, type]) => new Mutation("body", label!, (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from(text!, "utf8"), type }))),
  fc.constant(new Mutation("body", "oversized body", (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from(JSON.stringify({ a: "x".repeat(BODY_LIMIT_PLUS) })), type: "application/json" }))),
  fc.constant(new Mutation("body", "deeply nested body", (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from("[".repeat(NESTING) + "]".repeat(NESTING)), type: "application/json" }))),
  fc.tuple(fc.nat(), hostileText).map(([pick, text]) => new Mutation("body", "form field changed", (draft) => formEdit(draft, (fields) => void (fields.length && (fields[pick % fields.length]![1] = text))))),
  fc.tuple(fc.constantFrom("__proto__", "a[b]", "a[]", "grant_type", "client_id", "\u0000"), hostileText).map(([name, text]) => new Mutation("body", "form field repeated or added", (draft) => formEdit(draft, (fields) => void fields.push([name, text])))),
  fc.constantFrom("%FF", "%ED%A0%80", "%", "%zz", "&&==&&", "a=%00").map((raw) => new Mutation("body", `raw form ${raw}`, (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from(`grant_type=password&x=${raw}`, "latin1"), type: "application/x-www-form-urlencoded" }))),
);

function formEdit(draft: Draft, edit: (fields: [string, string][]) => void): void {
  if (draft.payload.kind !== "form") draft.payload = { kind: "form", fields: [] } satisfies Payload;
  edit((draft.payload as { kind: "form"; fields: [string, string][] }).fields);
}

const setHeader = (draft: Draft, name: string, value: string | Buffer) => {
  draft.headers = draft.headers.filter(([header]) => header.toLowerCase() !== name.toLowerCase());
  draft.headers.push([name, value]);
};

const credential = fc.oneof(
  fc.constantFrom("Bearer", "Bearer ", "Bearer  x", "bearer x", "Basic", "Basic !!!", `Basic ${Buffer.from("a:b").toString("base64")}`, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer a.b.c", "Bearer ../../x", "Negotiate x", `Bearer ${"A".repeat(8_000)}`, "Bearer %00", "x"),
  fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
  invalidUtf8.map((bytes) => Buffer.concat([Buffer.from("Bearer "), bytes])),
);

const cookie = fc.oneof(
  fc.constantFrom("refreshId=", "refreshId=%ZZ", "refreshId=%FF", "refreshId=bearer%20x", "__Host-auth=", "__Host-auth=x", '__Host-auth="x"', `__Host-auth=${"a".repeat(6_000)}`, "=;=;", "a", "refreshId=a; refreshId=b", "__Host-auth=a; __Host-auth=b", "__proto__=x"),
  fc.string({ maxLength: 40 }).map((s) => `refreshId=${s}; __Host-auth=${s}`),
  invalidUtf8.map((bytes) => Buffer.concat([Buffer.from("__Host-auth="), bytes])),
);

const headerMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/json; charset=utf-16", "application/json; charset=\"utf-8\"", "multipart/form-data; boundary=x", "application/*", "", ";;;", "application/json, text/plain", "text/html; charset=utf-7", "application/graphql-response+json")
    .map((type) => new Mutation("header", `content-type ${type || "(empty)"}`, (draft) => setHeader(draft, "Content-Type", type))),
  fc.constant(new Mutation("header", "content-type dropped", (draft) => void (draft.headers = draft.headers.filter(([h]) => h.toLowerCase() !== "content-type")))),
  fc.constant(new Mutation("header", "gzip body", (draft) => {
    setHeader(draft, "Content-Encoding", "gzip");
    draft.gzipBody = true;
  })),
  fc.constantFrom("gzip", "deflate", "br", "identity", "x-garbage", "gzip, gzip").map((encoding) => new Mutation("header", `content-encoding ${encoding} (body not encoded)`, (draft) => setHeader(draft, "Content-Encoding", encoding))),
  credential.map((value) => new Mutation("header", "authorization", (draft) => setHeader(draft, "Authorization", value))),
  credential.map((value) => new Mutation("header", "authentication", (draft) => setHeader(draft, "Authentication", value))),
  cookie.map((value) => new Mutation("header", "cookie", (draft) => setHeader(draft, "Cookie", value))),
  fc.constantFrom("Authorization", "Authentication", "Cookie", "Origin").map((name) => new Mutation("header", `${name} dropped`, (draft) => void (draft.headers = draft.headers.filter(([h]) => h.toLowerCase() !== name.toLowerCase())))),
  fc.constantFrom("Authorization", "Cookie", "Content-Type", "Authentication", "Origin").map((name) => new Mutation("header", `${name} twice`, (draft) => void draft.headers.push([name, draft.headers.find(([h]) => h.toLowerCase() === name.toLowerCase())?.[1] ?? "x"]))),
  fc.constantFrom("null", "http://evil.example", "", "http://localhost:1", "file://").map((origin) => new Mutation("header", `origin ${origin || "(empty)"}`, (draft) => setHeader(draft, "Origin", origin))),
  fc.constantFrom(8_000, 20_000).map((size) => new Mutation("header", `huge header ${size}`, (draft) => void draft.headers.push(["X-Fuzz", "h".repeat(size)]))),
  fc.constant(new Mutation("header", "200 headers", (draft) => void draft.headers.push(...Array.from({ length: 200 }, (_, i): [string, string] => [`X-Fuzz-${i}`, "1"])))),
  fc.constantFrom("evil.example", "", "localhost:99999", "[::1").map((host) => new Mutation("header", `host ${host || "(empty)"}`, (draft) => setHeader(draft, "Host", host))),
  fc.oneof(hostileText.filter((s) => !/[\r\n\u0000]/.test(s)), invalidUtf8).map((value) => new Mutation("header", "user-agent", (draft) => setHeader(draft, "User-Agent", value))),
  fc.constantFrom("X-Forwarded-For: 1.2.3.4, ::1, garbage", "X-Forwarded-Host: evil.example", "X-Forwarded-Proto: gopher", "X-Request-Id: \u00ff\u00fe", "Accept: application/xml", "Accept-Charset: utf-7", "Range: bytes=0-1")
    .map((line) => new Mutation("header", line.split(":")[0]!, (draft) => void draft.headers.push([line.split(":")[0]!, line.slice(line.indexOf(":") + 2)]))),
);

const queryMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom("__proto__", "constructor", "__proto__[x]", "constructor[prototype][x]", "a[]", "a[0]", "a[b][c]", "perm", "perm[]", "permission_id", "reset", "realm", "query", "variables", "operationName", "extensions"), hostileText)
    .map(([name, text]) => new Mutation("query", `parameter ${name}`, (draft) => void (draft.query = `${draft.query.toString()}${draft.query.length ? "&" : ""}${name}=${percentEncoded(text)}`))),
  fc.constantFrom("%ZZ", "%", "%00", "a=%00", "%00=1", "a=%ED%A0%80", "a=%C3", "a=%FF", "a=1&a=2&a=3", "=", "&&&", "a=%2", ";a=1", "a=+%2B+")
    .map((raw) => new Mutation("query", `raw ${raw}`, (draft) => void (draft.query = `${draft.query.toString()}${draft.query.length ? "&" : ""}${raw}`))),
  fc.constant(new Mutation("query", "1000 parameters", (draft) => void (draft.query = Array.from({ length: 1_000 }, (_, i) => `p${i}=${i}`).join("&")))),
  fc.constant(new Mutation("query", "long value", (draft) => void (draft.query = `a=${"q".repeat(12_000)}`))),
  invalidUtf8.map((bytes) => new Mutation("query", "raw bytes", (draft) => void (draft.query = Buffer.concat([Buffer.from("a="), bytes])))),
);

const segment = fc.oneof(
  fc.constantFrom("%00", "%ZZ", "%", "%%", "%ED%A0%80", "%FF", "%E2%82", "..", "%2e%2e", ".", "%2F", "a%2Fb", "", ";a=b", "%5C", "%20", "x".repeat(5_000)).map((s) => Buffer.from(s, "latin1")),
  invalidUtf8,
  hostileText.filter((text) => text.length < 5_000),
);

const pathMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), segment).map(([pick, value]) => new Mutation("path", "parameter", (draft) => {
    const names = Object.keys(draft.params);
    const name = names.length > 0 ? names[pick % names.length]! : "extra";
    if (names.length === 0) draft.path += "/:extra";
    draft.params[name] = value;
  })),
  segment.map((value) => new Mutation("path", "extra segment", (draft) => {
    draft.path += "/:extra";
    draft.params.extra = value;
  })),
  fc.constantFrom("/", "//", "/./", "/../").map((suffix) => new Mutation("path", `suffix ${suffix}`, (draft) => void (draft.path += suffix))),
  fc.constant(new Mutation("path", "absolute-form target", (draft) => void (draft.path = `http://localhost${draft.path}`))),
);

const methodMutation = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO").map((method) => new Mutation("method", method, (draft) => void (draft.method = method)));

/** One to three changes of any kind, bodies most often. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof({ arbitrary: bodyMutation, weight: 4 }, { arbitrary: headerMutation, weight: 3 }, { arbitrary: queryMutation, weight: 2 }, { arbitrary: pathMutation, weight: 2 }, { arbitrary: methodMutation, weight: 1 }),
  { minLength: 1, maxLength: 3 },
);

const seed = (label: string, apply: (draft: Draft) => void) => [new Mutation("seed", label, apply)];
const firstString = (pick: (text: string) => unknown) => (draft: Draft) => {
  if (draft.payload.kind === "form") {
    const field = draft.payload.fields[0];
    if (field) field[1] = String(pick(field[1]));
    return;
  }
  if (draft.payload.kind !== "json" || !draft.payload.value || typeof draft.payload.value !== "object") draft.payload = { kind: "json", value: { field: "text" } };
  const value = (draft.payload as { value: Record<string, unknown> }).value;
  const key = Object.keys(value).find((k) => typeof value[k] === "string") ?? "field";
  value[key] = pick(String(value[key] ?? "text"));
};
const firstParam = (value: string | Buffer) => (draft: Draft) => {
  const name = Object.keys(draft.params)[0];
  if (name) draft.params[name] = value;
  else draft.path += `/${Buffer.isBuffer(value) ? value.toString("latin1") : value}`;
};

/** Every bad input found so far (by the contracts' bad-input tests and by this suite): each target gets each one. */
export const SEEDS: Mutation[][] = [
  seed("NUL in a body string", firstString((text) => `${text}\u0000`)),
  seed("lone high surrogate in a body string", firstString((text) => `${text}\ud800`)),
  seed("lone low surrogate in a body string", firstString((text) => `\udc00${text}`)),
  seed("NUL in a field name", (draft) => void (draft.payload = { kind: "json", value: { ...(draft.payload.kind === "json" ? (draft.payload.value as object) : {}), "x\u0000": 1 } })),
  seed("invalid UTF-8 bytes in a JSON body", firstString(() => new Splice(Buffer.from([0x22, 0x61, 0xed, 0xa0, 0x80, 0x22])))),
  seed("invalid UTF-8 escape in a form body", (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from("grant_type=password&username=%FF", "latin1"), type: "application/x-www-form-urlencoded" })),
  seed("raw byte 0xFF in the path", firstParam(Buffer.from([0xff]))),
  seed("encoded surrogate in the path", firstParam(Buffer.from("%ED%A0%80"))),
  seed("truncated UTF-8 in the path", firstParam(Buffer.from("%E2%82"))),
  seed("stray % in the path", firstParam(Buffer.from("%ZZ"))),
  seed("%00 in the path", firstParam(Buffer.from("%00"))),
  seed(".. in the path", firstParam(Buffer.from("%2e%2e"))),
  seed("NUL in the query", (draft) => void (draft.query = "x=%00")),
  seed("NUL in a query name", (draft) => void (draft.query = "%00=1")),
  seed("encoded surrogate in the query", (draft) => void (draft.query = "x=%ED%A0%80")),
  seed("__proto__ in the query", (draft) => void (draft.query = "__proto__[admin]=1&constructor[prototype][admin]=1")),
  seed("oversized body", (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from(JSON.stringify({ a: "x".repeat(BODY_LIMIT_PLUS) })), type: "application/json" })),
  seed("deeply nested body", (draft) => void (draft.payload = { kind: "raw", bytes: Buffer.from("[".repeat(NESTING) + "]".repeat(NESTING)), type: "application/json" })),
  seed("deeply nested field", firstString(() => new Splice(Buffer.from("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000))))),
  seed("NUL in a header", (draft) => void draft.headers.push(["User-Agent", "probe\u0000"])),
  seed("bytes that are not UTF-8 in a header", (draft) => void draft.headers.push(["User-Agent", Buffer.from([0xed, 0xa0, 0x80, 0xff])])),
  seed("gzip header on a plain body", (draft) => void draft.headers.push(["Content-Encoding", "gzip"])),
  seed("JSON sent as text/plain", (draft) => void draft.headers.push(["Content-Type", "text/plain"])),
  seed("charset utf-16", (draft) => void draft.headers.push(["Content-Type", "application/json; charset=utf-16"])),
];
