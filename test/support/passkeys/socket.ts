import WebSocket from "ws";

export interface SocketOutcome {
  /** Every message the server sent, parsed. */
  messages: any[];
  closeCode: number;
  closeReason: string;
}

export interface SocketOptions {
  origin?: string;
  host?: string;
  cookie?: string;
}

/** Opens a ceremony socket; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(baseUrl: string, path: string, options: SocketOptions = {}): Promise<{ ws: WebSocket; outcome: Promise<SocketOutcome>; next(): Promise<any> }> {
  const headers: Record<string, string> = {};
  if (options.host) headers.host = options.host;
  if (options.cookie) headers.cookie = `__Host-auth=${options.cookie}`;
  const ws = new WebSocket(baseUrl.replace(/^http/, "ws") + path, { headers, origin: options.origin });
  const messages: any[] = [];
  const waiting: ((m: any) => void)[] = [];
  ws.on("message", (data) => {
    const parsed = JSON.parse(data.toString());
    messages.push(parsed);
    waiting.shift()?.(parsed);
  });
  const outcome = new Promise<SocketOutcome>((resolve) => ws.on("close", (code, reason) => resolve({ messages, closeCode: code, closeReason: reason.toString() })));
  let read = 0;
  const next = () =>
    new Promise<any>((resolve, reject) => {
      if (messages.length > read) return resolve(messages[read++]);
      waiting.push((m) => {
        read++;
        resolve(m);
      });
      void outcome.then(() => reject(new Error("socket closed before the next message")));
    });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, outcome, next }));
    ws.once("unexpected-response", (_req, res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body: Buffer.concat(chunks).toString() })));
    });
    ws.once("error", reject);
  });
}
