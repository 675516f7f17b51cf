import { connect } from "node:net";

/** One request as bytes: fetch and node:http would normalise or refuse most of what the fuzzer sends. */
export interface WireRequest {
  method: string;
  /** The request target as sent: path and query, raw bytes allowed. */
  target: Buffer;
  /** Header lines without CRLF; Host and Content-Length are added unless present. */
  headers: Buffer[];
  body: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (UTF-8), de-chunked. */
  text: string;
}

/** Time after which a silent server is a finding in itself (a hang), not a slow answer. */
const SILENCE_MS = 20_000;

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = raw.indexOf("\r\n", at);
    if (end < 0) return Buffer.concat(parts);
    const size = parseInt(raw.toString("latin1", at, end), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(raw.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}

function parse(raw: Buffer): WireResponse {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.toString("latin1", 0, split < 0 ? raw.length : split);
  const [statusLine, ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] = headers[name] === undefined ? line.slice(colon + 1).trim() : `${headers[name]}, ${line.slice(colon + 1).trim()}`;
  }
  const rest = split < 0 ? Buffer.alloc(0) : raw.subarray(split + 4);
  const body = /chunked/i.test(headers["transfer-encoding"] ?? "") ? dechunk(rest) : rest;
  return { status: Number(statusLine?.split(" ")[1]), headers, text: body.toString("utf8") };
}

/** Whether the bytes so far hold a whole response (one with a length, or a 101 switch). */
function complete(raw: Buffer): boolean {
  const split = raw.indexOf("\r\n\r\n");
  if (split < 0) return false;
  const head = raw.toString("latin1", 0, split);
  // A ceremony writes its challenge before its first frame: once that is here, the request's writes are done.
  if (/^HTTP\/1\.1 101/.test(head)) return raw.length > split + 4;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return length !== null && raw.length - split - 4 >= Number(length[1]);
}

/** Sends the bytes on a fresh connection and reads one answer (of an upgrade: its first frame); a server that closes without one answers status 0. */
export function sendWire(baseUrl: string, request: WireRequest, host?: string): Promise<WireResponse> {
  const { hostname, port } = new URL(baseUrl);
  const named = (name: string) => request.headers.some((line) => line.toString("latin1").toLowerCase().startsWith(`${name}:`));
  const head = [
    Buffer.concat([Buffer.from(`${request.method} `, "latin1"), request.target, Buffer.from(" HTTP/1.1\r\n")]),
    ...(named("host") ? [] : [Buffer.from(`Host: ${host ?? `${hostname}:${port}`}\r\n`)]),
    // An upgrade names its own Connection: with `close` as well, the socket would close before its ceremony wrote its challenge.
    ...(named("connection") ? [] : [Buffer.from("Connection: close\r\n")]),
    ...(named("content-length") || named("transfer-encoding") ? [] : [Buffer.from(`Content-Length: ${request.body.length}\r\n`)]),
    ...request.headers.map((line) => Buffer.concat([line, Buffer.from("\r\n")])),
    Buffer.from("\r\n"),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      resolve(raw.length === 0 ? { status: 0, headers: {}, text: "" } : parse(raw));
    };
    const timer = setTimeout(() => {
      done = true;
      socket.destroy();
      reject(new Error(`no answer within ${SILENCE_MS} ms`));
    }, SILENCE_MS);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (complete(Buffer.concat(chunks))) finish();
    });
    // The server may close as soon as it has refused the request, before all of it was written.
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(Buffer.concat([...head, request.body]));
  });
}
