import type { RequestHandler } from "express";
import type { Config } from "#src/config/index.js";
import { isHost, isPassphrase, normalizeHost } from "#src/services/passkeys/index.js";

/** Namespaces served on the auth host only: elsewhere they answer an empty 404. */
const RESTRICTED = /^\/auth\/(api\/(admin|user|ws)|ws)(\/|$)/;

/** The UI's paths, with or without the /auth prefix: the app, admin, restricted, and a reset link's passphrase. */
export function isUiPath(path: string): boolean {
  const rest = path.replace(/^\/auth(?=\/|$)/, "") || "/";
  if (rest === "/" || /^\/(admin|restricted)\/?$/.test(rest)) return true;
  const segment = /^\/([^/]+)$/.exec(rest)?.[1];
  return segment !== undefined && isPassphrase(segment);
}

const withoutAuthPrefix = (path: string) => path.replace(/^\/auth(?=\/|$)/, "") || "/";

/**
 * AUTH_HOST mode (the spec's tables): on other hosts the restricted namespaces are 404 and the UI
 * is a 307 (method and body kept) to the same path on the auth host without `/auth`; on the auth
 * host the UI lives at the root, so its `/auth/…` forms move there. The unrestricted API is
 * served everywhere. Without AUTH_HOST this is not mounted.
 */
export function authHostRouting(config: Config): RequestHandler | undefined {
  if (!config.authHost) return undefined;
  const authHost = config.authHost.toLowerCase();
  return (req, res, next) => {
    const path = req.path;
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    if (!isHost(normalizeHost(req.headers.host), authHost)) {
      if (RESTRICTED.test(path)) return void res.status(404).end();
      if (isUiPath(path)) return void res.redirect(307, `${req.protocol}://${authHost}${withoutAuthPrefix(path)}${query}`);
      return next();
    }
    if (/^\/auth(\/|$)/.test(path) && isUiPath(path)) return void res.redirect(307, `${withoutAuthPrefix(path)}${query}`);
    next();
  };
}
