import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { adminUrl, TEMPLATE_DATABASE, urlFor } from "./postgres-urls.js";

export type Backend = "pglite" | "postgres";

export function backend(): Backend {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file: in-memory PGlite, or a clone of the PostgreSQL template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (backend() === "pglite") return { url: "memory://", drop: async () => {} };
  const name = `idtest_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    drop: async () => {
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
