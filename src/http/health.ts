import { Router } from "express";
import type { Database } from "#src/db/index.js";

/** /healthz: the process answers. /readyz: it can reach its database. */
export function healthRouter(database: Database): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (req, res) => {
    try {
      await database.ping();
      res.json({ status: "ready", database: database.kind });
    } catch (error) {
      // The operator's first question when an instance leaves the pool: why (refused, reset, timed out).
      req.log?.warn({ err: error }, "database not ready");
      res.status(503).json({ status: "unavailable", database: database.kind });
    }
  });
  return router;
}
