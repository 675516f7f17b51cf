import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import { isUiPath } from "#compat/passkey-auth/index.js";
import type { Config } from "#src/config/index.js";
import { assetHeaders, pageHeaders } from "./browser/index.js";

/**
 * The built passkey UI (`npm run build`, vite.web.config.ts) is dist/web whether this module runs
 * from src/ (tsx, tests) or from dist/src/ (npm start): dist/ has the repository's layout.
 */
function webDir(): string {
  const root = new URL("../../", import.meta.url);
  return fileURLToPath(new URL(root.pathname.endsWith("/dist/") ? "web/" : "dist/web/", root));
}

/**
 * The passkey UI on the public listener: hashed assets at /auth/assets/ on every host (the spec's
 * table), and the one HTML page at every UI path that reaches here: /auth/… without AUTH_HOST (and
 * the convenience root /); with AUTH_HOST, host routing has already redirected whatever belongs on
 * the auth host's root, so what arrives is served.
 */
export function webUi(config: Config): Router {
  const dir = webDir();
  const router = Router();
  router.use(
    "/auth/assets",
    // express.static sets its own Cache-Control only where none is set: not the listener's no-store.
    (_req, res, next) => {
      res.removeHeader("Cache-Control");
      next();
    },
    express.static(`${dir}assets`, {
      // A missing asset falls through to the listener's 404.
      index: false,
      // File names carry a content hash: a changed file is a new name.
      immutable: true,
      maxAge: "365d",
      setHeaders: assetHeaders,
    }),
  );
  let html: Buffer | undefined;
  router.get(/.*/, (req, res, next) => {
    const path = req.path;
    if (!isUiPath(path) || (!config.authHost && path !== "/" && !/^\/auth(\/|$)/.test(path))) return next();
    try {
      html ??= readFileSync(`${dir}index.html`);
    } catch {
      return void res.status(503).type("text/plain").send("The passkey UI is not built: run npm run build\n");
    }
    pageHeaders(res, req.headers.host ?? "", req.secure);
    // The page is small and names the current asset hashes: always revalidated, never stale after a deploy.
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(html);
  });
  return router;
}
