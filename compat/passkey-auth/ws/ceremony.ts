import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { GraphFailure, type Graph } from "#compat/kit/index.js";
import type { PasskeyDocument } from "../documents.js";
import { BadMessage, failWith, nextMessage, parseAnswer } from "./messages.js";

export interface Ceremony {
  /** Runs the start document; its result (the WebAuthn options) goes to the browser as it is. */
  start(graph: Graph<PasskeyDocument>): Promise<unknown>;
  /** Runs the finish document with the browser's answer; its result is the last message. */
  finish(graph: Graph<PasskeyDocument>, answer: Record<string, unknown>): Promise<unknown>;
}

/**
 * One ceremony over one socket: options out, the browser's response in, the outcome out, close.
 * The state lives in the challenge row, not here: a response may equally finish a ceremony that
 * another socket, on any instance, began. A client that does not answer in time is closed.
 */
export async function runCeremony(ws: WebSocket, req: IncomingMessage, graph: Graph<PasskeyDocument>, ceremony: Ceremony, timeoutMs: number, logger: Logger): Promise<void> {
  const timer = setTimeout(() => failWith(ws, "Timed out waiting for the authenticator"), timeoutMs);
  try {
    ws.send(JSON.stringify(await ceremony.start(graph)));
    const { data, isBinary } = await nextMessage(ws);
    const outcome = await ceremony.finish(graph, parseAnswer(data, isBinary));
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(outcome));
    ws.close(1000, "done");
  } catch (error) {
    if (error instanceof BadMessage) return failWith(ws, error.message, error.closeCode);
    if (error instanceof GraphFailure && !error.failure.internal) return failWith(ws, error.failure.message);
    logger.error({ err: error, path: req.url?.split("?")[0] }, "passkey ceremony failed");
    failWith(ws, "Internal server error", 1011);
  } finally {
    clearTimeout(timer);
  }
}
