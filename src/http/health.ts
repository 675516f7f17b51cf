import { Router } from "express";
import type { Database } from "#src/db/index.js";

/** /healthz: the process answers. /readyz: it can reach its database. */
export function healthRouter(database: Database): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await database.ping();
      res.json({ status: "ready", database: database.kind });
    } catch {
      res.status(503).json({ status: "unavailable", database: database.kind });
    }
  });
  return router;
}
