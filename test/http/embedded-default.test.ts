import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import { startServer, type RunningServer } from "#src/http/index.js";
import { backend } from "#test/support/database.js";
import { ADMIN_KEY } from "#test/support/server.js";

async function gql(server: RunningServer, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.publicUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

// This checks PGlite's on-disk store, which DATABASE_URL=postgres://... never uses: one run is enough.
describe.skipIf(backend() === "postgres")("embedded default store (PGlite on disk; not applicable to PostgreSQL)", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "identity-data-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  // No DATABASE_URL in the environment: the server must choose the embedded store in DATA_DIR.
  const start = () =>
    startServer(loadConfig({ PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY }), {
      logger: pino({ level: "silent" }),
    });

  it("keeps users across a restart on the same DATA_DIR", async () => {
    const first = await start();
    let userId: string;
    try {
      expect(first.database.kind).toBe("pglite");
      const created = await gql(first, `mutation { createUser(input: {username: "persistent"}) { id } }`);
      expect(created.errors).toBeUndefined();
      userId = created.data.createUser.id;
    } finally {
      await first.stop();
    }

    const second = await start();
    try {
      const read = await gql(second, `query($id: ID!) { user(id: $id) { id username } }`, { id: userId });
      expect(read).toEqual({ data: { user: { id: userId, username: "persistent" } } });
    } finally {
      await second.stop();
    }
  });
});
