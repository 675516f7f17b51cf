import type { Config } from "#src/config/index.js";

/** The relying party, as the ceremonies and session rules read it. */
export interface PasskeySettings {
  rpId: string;
  rpName: string;
}

export const passkeySettingsOf = (config: Config | undefined): PasskeySettings => ({ rpId: config?.rpId ?? "localhost", rpName: config?.rpName ?? "Identity" });

/** A Host header lower-cased, IPv6 brackets removed: the form sessions are bound to. */
export function normalizeHost(host: string | undefined | null): string | undefined {
  if (!host) return undefined;
  const lowered = host.trim().toLowerCase();
  return lowered.startsWith("[") ? lowered.replace(/^\[([^\]]*)\](.*)$/, "$1$2") : lowered;
}

/** The name part of a host, without its port. */
export function hostName(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]!;
  const colon = host.lastIndexOf(":");
  return colon > 0 && host.indexOf(":") === colon ? host.slice(0, colon) : host;
}

/** Passkeys of an RP id work on that host and its subdomains only. */
export function hostWithinRp(host: string, rpId: string): boolean {
  const name = hostName(host);
  return name === rpId || name.endsWith(`.${rpId}`);
}

/**
 * The origin a ceremony's client data must name: the page's own origin (the WebSocket's Origin
 * header), when its host is within the RP id and it is https (or http on localhost, which browsers
 * treat as secure). undefined: no ceremony may run for it.
 */
export function ceremonyOrigin(origin: string | undefined, rpId: string): string | undefined {
  if (!origin) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  const local = url.hostname === "localhost" || url.hostname.endsWith(".localhost");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return undefined;
  return hostWithinRp(url.host, rpId) ? origin : undefined;
}

/** Whether a request's host is the configured one: with its port when the setting names one, else by name alone. */
export function isHost(requestHost: string | undefined, configured: string): boolean {
  const wanted = configured.toLowerCase();
  if (!requestHost) return false;
  return wanted.includes(":") ? requestHost === wanted : hostName(requestHost) === wanted;
}
