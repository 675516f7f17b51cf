import postgres from "postgres";
import { connect, migrate } from "#src/db/index.js";
import { adminUrl, TEMPLATE_DATABASE, urlFor } from "./postgres-urls.js";

/** Once per run: a migrated template database, which each test file clones in milliseconds. */
export async function setup(): Promise<() => Promise<void>> {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const template = await connect({ url: urlFor(TEMPLATE_DATABASE), dataDir: "" });
  await migrate(template);
  await template.close();
  return async () => {
    const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await cleanup.end();
  };
}
