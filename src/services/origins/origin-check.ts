import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import proxyaddr from "proxy-addr";
import { DomainError } from "#src/services/errors/index.js";
import { OriginErrorCode } from "./error-codes.js";

export interface OriginSettings {
  publicUrl: string;
  authHost: string | undefined;
  allowedOrigins: readonly string[];
  /** Origins trusted with credentialed CORS are trusted with the cookie too. */
  cors: { origins: readonly string[]; credentials: boolean };
  /** TRUST_PROXY: a proxy among these may say the scheme the page used (X-Forwarded-Proto). */
  trustProxy: string[];
}

/** A request the rule reads: node:http's, so the lean lane and WebSocket upgrades are checked alike. */
type OriginRequest = Pick<IncomingMessage, "method" | "headers" | "socket">;

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Methods that change state; a WebSocket upgrade (a GET) is checked by its caller. */
export const changesState = (method: string | undefined): boolean => STATE_CHANGING.has((method ?? "").toUpperCase());

/** The origin a header names, or "null" when it names none that can be compared (opaque, unparsable). */
const originOf = (value: string): string => (URL.canParse(value) ? new URL(value).origin : "null");

/** The page the request came from: Origin, else Referer's origin; undefined when the client sent neither. */
function sourceOrigin(req: OriginRequest): string | undefined {
  const { origin, referer } = req.headers;
  if (typeof origin === "string" && origin !== "") return originOf(origin);
  if (typeof referer === "string" && referer !== "") return originOf(referer);
  return undefined;
}

/**
 * The origin the request was sent to: its Host, over https when the socket is TLS or a trusted
 * proxy (TRUST_PROXY, as for express's "trust proxy") says so.
 */
function targetOrigin(req: OriginRequest, trusted: (address: string, hop: number) => boolean): string | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim().toLowerCase();
  const viaProxy = trusted(req.socket.remoteAddress ?? "", 0) && (forwarded === "https" || forwarded === "http");
  const scheme = (req.socket as TLSSocket).encrypted ? "https" : viaProxy ? forwarded : "http";
  return URL.canParse(`${scheme}://${host}`) ? new URL(`${scheme}://${host}`).origin : undefined;
}

export interface OriginCheck {
  /** The refusal of a request whose page is not allowed; undefined when it may go on. */
  refusal(req: OriginRequest): DomainError | undefined;
}

/**
 * Who may send a cookie-authenticated change: a page on PUBLIC_URL's origin, on AUTH_HOST (https),
 * on an ALLOWED_ORIGINS entry (or a CORS_ORIGINS one under CORS_CREDENTIALS), or on the very origin
 * the request was sent to. Every browser sends
 * Origin with a cross-origin POST, PUT, PATCH, DELETE or WebSocket upgrade, so a request with
 * neither Origin nor Referer is not a browser's forged one: server-to-server clients (which forward
 * a user's cookie and send no Origin) keep working. An opaque origin ("null": sandboxed frames,
 * file: pages) is refused.
 */
export function createOriginCheck(settings: OriginSettings): OriginCheck {
  const allowed = new Set([new URL(settings.publicUrl).origin, ...settings.allowedOrigins, ...(settings.cors.credentials ? settings.cors.origins : [])]);
  const trusted = proxyaddr.compile(settings.trustProxy);
  if (settings.authHost && URL.canParse(`https://${settings.authHost}`)) allowed.add(new URL(`https://${settings.authHost}`).origin);
  return {
    refusal(req) {
      const source = sourceOrigin(req);
      if (source === undefined || allowed.has(source) || source === targetOrigin(req, trusted)) return undefined;
      return new DomainError(OriginErrorCode.ORIGIN_NOT_ALLOWED, "The request's Origin is not allowed to act with this session");
    },
  };
}
