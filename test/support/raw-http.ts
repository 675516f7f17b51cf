import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, the text when it is not JSON, or undefined when empty. */
  body: any;
}

/**
 * Sends bytes exactly as given (fetch and node:http refuse a NUL in a header, raw bytes in a
 * path or an unpaired surrogate): the request line, the headers, then the body.
 */
export function rawRequest(baseUrl: string, request: { method: string; target: Buffer | string; headers?: (string | Buffer)[]; body?: Buffer | string }): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, "utf8");
  const head = [
    Buffer.concat([Buffer.from(`${request.method} `), Buffer.isBuffer(request.target) ? request.target : Buffer.from(request.target, "latin1"), Buffer.from(" HTTP/1.1\r\n")]),
    Buffer.from(`Host: ${hostname}:${port}\r\nConnection: close\r\nContent-Length: ${body.length}\r\n`),
    ...(request.headers ?? []).map((line) => Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line, "latin1"), Buffer.from("\r\n")])),
    Buffer.from("\r\n"),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const [statusLine, ...headerLines] = text.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = split < 0 ? "" : text.slice(split + 4);
      const payload = headers["transfer-encoding"] === "chunked" ? dechunk(rest) : rest;
      let parsed: unknown = payload === "" ? undefined : payload;
      try {
        parsed = payload === "" ? undefined : JSON.parse(payload);
      } catch {
        // not JSON: keep the text
      }
      resolve({ status: Number(statusLine?.split(" ")[1]), headers, body: parsed });
    });
    // write, not end: Node's server drops a response still being prepared when the client half-closes.
    // Connection: close makes the server close the socket once it has answered.
    socket.write(Buffer.concat([...head, body]));
  });
}

function dechunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const end = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, end), 16);
    if (!size) return out;
    out += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}
