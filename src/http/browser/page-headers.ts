import type { ServerResponse } from "node:http";

/** A Host header as it may appear in a CSP source: anything else gets no WebSocket source at all. */
const CSP_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** Headers of everything the UI serves (the page and its assets). */
export function assetHeaders(res: ServerResponse): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
}

/**
 * The UI page: scripts and styles only from its own origin (the Vite build has no inline script or
 * style), no framing, its own browsing context group, and no powerful feature but WebAuthn.
 */
export function pageHeaders(res: ServerResponse, host: string, secure: boolean): void {
  assetHeaders(res);
  // connect-src 'self' covers same-origin ws: in current browsers; the explicit source covers the rest.
  const socket = CSP_HOST.test(host) ? ` ${secure ? "wss" : "ws"}://${host}` : "";
  res.setHeader(
    "Content-Security-Policy",
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'${socket}; ` +
      "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader(
    "Permissions-Policy",
    "publickey-credentials-get=(self), publickey-credentials-create=(self), camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  );
}
