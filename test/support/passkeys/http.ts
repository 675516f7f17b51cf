import { request } from "node:http";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, else the text, else undefined when empty. */
  body: any;
  text: string;
}

/**
 * One request with full control of the headers, Host included (fetch would not send a Host other
 * than the URL's): the passkey contract binds sessions to the host and reads the Origin.
 */
export function http(baseUrl: string, method: string, path: string, options: { host?: string; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer } = {}): Promise<HttpAnswer> {
  const url = new URL(baseUrl);
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...(payload !== undefined && options.raw === undefined ? { "content-type": "application/json" } : {}), ...options.headers };
  if (options.host) headers.host = options.host;
  // Node frames a DELETE body only with a Content-Length (it does not chunk DELETE requests).
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = request({ hostname: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text === "" ? undefined : text;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode!, headers: res.headers, body, text });
      });
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The session token a Set-Cookie header sets (empty when it clears the cookie), or undefined when none. */
export function cookieSet(answer: HttpAnswer): string | undefined {
  const header = answer.headers["set-cookie"];
  const line = (Array.isArray(header) ? header : header ? [header] : []).find((h) => h.startsWith("__Host-auth="));
  return line === undefined ? undefined : line.slice("__Host-auth=".length).split(";")[0];
}
