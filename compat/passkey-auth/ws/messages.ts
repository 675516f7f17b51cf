import type { RawData, WebSocket } from "ws";
import { findMalformedText } from "#compat/kit/index.js";

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/** The contract's error: `{"detail": …}`, then the close, whose reason repeats it (1008: policy violation). */
export function failWith(ws: WebSocket, message: string, code = 1008): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify({ detail: message }));
  ws.close(code, closeReason(message));
}

export class BadMessage extends Error {
  constructor(message: string, readonly closeCode = 1008) {
    super(message);
  }
}

/** A browser's WebAuthn response is a few kilobytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;

const sizeOf = (data: RawData) => (Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length);

/** The browser's answer: one JSON object in a text frame, with storable text only. */
export function parseAnswer(data: RawData, isBinary: boolean): Record<string, unknown> {
  if (sizeOf(data) > MAX_ANSWER_BYTES) throw new BadMessage(`Message is larger than ${MAX_ANSWER_BYTES} bytes`, 1009);
  if (isBinary) throw new BadMessage("Messages must be JSON text");
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    throw new BadMessage("Message is not valid JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new BadMessage("Message must be a JSON object");
  const malformed = findMalformedText(value);
  if (malformed) throw new BadMessage(malformed);
  return value as Record<string, unknown>;
}

/** The next message, or a rejection when the socket closes first. */
export function nextMessage(ws: WebSocket): Promise<{ data: RawData; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: RawData, isBinary: boolean) => {
      ws.off("close", onClose);
      resolve({ data, isBinary });
    };
    const onClose = () => {
      ws.off("message", onMessage);
      reject(new BadMessage("closed"));
    };
    ws.once("message", onMessage);
    ws.once("close", onClose);
  });
}
