import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { findMalformedText, isPercentEncodedUtf8 } from "#compat/kit/index.js";
import { prepareDocuments } from "#compat/kit/documents.js";
import { graphFor } from "#compat/kit/graph.js";
import type { Config } from "#src/config/index.js";
import type { Services } from "#src/services/index.js";
import { createOriginCheck } from "#src/services/origins/index.js";
import { ceremonyOrigin, isHost, normalizeHost } from "#src/services/passkeys/index.js";
import { refuseUpgrade } from "#src/http/upgrades.js";
import { sessionCookieOf } from "../cookie.js";
import { documents } from "../documents.js";
import { cookiePrincipal, cookieSessionOf } from "../session-principal.js";
import { runCeremony } from "./ceremony.js";
import { authentication, registration } from "./ceremonies.js";

/**
 * Frames up to this size are read and, past MAX_ANSWER_BYTES, refused with a {detail} and a reason;
 * ws itself drops anything bigger (close 1009) before buffering it.
 */
const MAX_FRAME_BYTES = 1024 * 1024;

const PATHS = new Set(["/auth/ws/register", "/auth/ws/authenticate"]);

export interface PasskeySocketOptions {
  server: Server;
  schema: GraphQLSchema;
  services: Services;
  config: Config;
  logger: Logger;
}

/** Answers an upgrade it will not take with a plain HTTP response, `{detail}` as the contract's errors are. */
function refuse(socket: Duplex, status: number, reason: string, message?: string): void {
  const body = message === undefined ? "" : JSON.stringify({ detail: message });
  const type = message === undefined ? "" : "Content-Type: application/json\r\n";
  refuseUpgrade(socket, `HTTP/1.1 ${status} ${reason}\r\n${type}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** What is wrong with the query string of an upgrade, if anything: the same edge rules as every REST path. */
function malformedQuery(rawUrl: string, query: URLSearchParams): string | undefined {
  const mark = rawUrl.indexOf("?");
  if (mark >= 0 && !isPercentEncodedUtf8(rawUrl.slice(mark + 1))) return "the query string is not valid percent-encoded UTF-8";
  const found = findMalformedText(Object.fromEntries(query));
  return found ? `query parameter ${found}` : undefined;
}

/**
 * The passkey ceremonies on /auth/ws/register and /auth/ws/authenticate of the public listener.
 * Upgrades of other paths are left to their own handlers (graphql-ws on /graphql). With AUTH_HOST,
 * other hosts answer 404, as for the restricted namespaces.
 */
export function servePasskeySockets(options: PasskeySocketOptions): { close(): Promise<void> } {
  const { config, services, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const prepared = prepareDocuments(options.schema, "passkey-auth", documents);
  const timeoutMs = config.passkeyCeremonyTimeoutSeconds * 1000;
  const origins = createOriginCheck(config);

  async function serve(ws: WebSocket, req: IncomingMessage, url: URL, origin: string) {
    const principal = await cookiePrincipal(req, services);
    const client = { ip: req.socket.remoteAddress ?? null, userAgent: req.headers["user-agent"] ?? null };
    const graph = graphFor({ services, defaultRealm: config.defaultRealm }, prepared, principal, client);
    const ceremony = url.pathname === "/auth/ws/register" ? registration(origin, url.searchParams, cookieSessionOf(req), config.rpName) : authentication(origin);
    await runCeremony(ws, req, graph, ceremony, timeoutMs, logger);
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!PATHS.has(url.pathname)) return;
    if (config.authHost && !isHost(normalizeHost(req.headers.host), config.authHost)) return refuse(socket, 404, "Not Found");
    const malformed = malformedQuery(req.url ?? "", url.searchParams);
    if (malformed) return refuse(socket, 400, "Bad Request", malformed);
    // The browser's client data must name this origin: a page on the RP id, over https (http on localhost).
    const origin = ceremonyOrigin(req.headers.origin, config.rpId);
    if (!origin) return refuse(socket, 403, "Forbidden", `Origin must be https on ${config.rpId} or one of its subdomains`);
    // A ceremony run with the session cookie (adding a passkey) must come from an allowed page too.
    const refused = sessionCookieOf(req) === undefined ? undefined : origins.refusal(req);
    if (refused) return refuse(socket, 403, "Forbidden", refused.message);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Protocol faults (an oversized frame, invalid UTF-8 in a text frame) close the socket with
      // their code (1009, 1007); the error itself is the client's, not ours.
      ws.on("error", (error) => logger.debug({ err: error }, "passkey socket protocol error"));
      serve(ws, req, url, origin).catch((error: unknown) => {
        logger.error({ err: error }, "passkey socket failed");
        ws.terminate();
      });
    });
  };
  options.server.on("upgrade", onUpgrade);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        options.server.off("upgrade", onUpgrade);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
