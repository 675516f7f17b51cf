import { sql } from "drizzle-orm";
import type { ServiceDeps } from "../deps/index.js";

/** Whether the store answers now: asked of the database itself, never of a cached row. */
export function createHealthService({ db }: ServiceDeps) {
  return {
    async ping(): Promise<void> {
      await db.execute(sql`select 1`);
    },
  };
}
