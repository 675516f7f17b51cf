import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";

const listeners = ["public", "internal"] as const;
const baseOf = (server: TestServer, listener: (typeof listeners)[number]) => (listener === "public" ? server.publicUrl : server.internalUrl);

describe("health endpoints", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  for (const listener of listeners) {
    it(`/healthz answers ok on the ${listener} listener`, async () => {
      const res = await fetch(`${baseOf(server, listener)}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    });

    it(`/readyz reports the database ready on the ${listener} listener`, async () => {
      const res = await fetch(`${baseOf(server, listener)}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ready", database: server.database.kind });
    });
  }
});

describe("readiness without a database", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await server.database.close();
  });
  afterAll(() => server?.stop());

  for (const listener of listeners) {
    it(`/readyz answers 503 on the ${listener} listener once the database is closed`, async () => {
      const res = await fetch(`${baseOf(server, listener)}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", database: server.database.kind });
    });

    it(`/healthz still answers ok on the ${listener} listener: the process itself is alive`, async () => {
      const res = await fetch(`${baseOf(server, listener)}/healthz`);
      expect(res.status).toBe(200);
    });
  }
});
