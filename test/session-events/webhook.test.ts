import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { eventually, galaxy, newPlainUser } from "./support.js";

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A local receiver that answers the given statuses in turn (the last one from then on). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const status = statuses[Math.min(received.length, statuses.length - 1)]!;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end(status >= 400 ? "receiver says no, with a body that must not be stored" : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/session`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const CREATE = `mutation($url: String!, $types: [SessionEventType!]!) {
  createWebhook(input: {url: $url, eventTypes: $types}) { secret webhook { id url eventTypes attempts lastError disabledAt } }
}`;

describe("session events to webhooks", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  const createWebhook = async (url: string, types: string[]) => {
    const res = await server.gql(CREATE, { url, types });
    expect(res.errors).toBeUndefined();
    return res.data!.createWebhook as { secret: string; webhook: { id: string } };
  };

  it("retries a receiver that fails twice, then delivers once it succeeds, signed per Standard Webhooks", async () => {
    const hook = await receiver([500, 503, 204]);
    try {
      const { secret, webhook } = await createWebhook(hook.url, ["REVOKED", "BLOCKED"]);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      const user = await newPlainUser(server, "hook");
      const session = await server.services.sessions.create({ userId: user.id, kind: "device" });
      const res = await galaxy(server, `/sessions/${session.id}/revoke`, { reason_code: "lost_device", actor: { type: "admin", id: "support-7" } });
      expect(res.status).toBe(200);

      await eventually(async () => {
        const rows = (await server.gql(`{ webhooks { id attempts lastError } }`)).data!.webhooks as { id: string; attempts: number; lastError: string | null }[];
        expect(rows.find((r) => r.id === webhook.id)).toMatchObject({ attempts: 1, lastError: "HTTP 500" });
      });
      await eventually(() => Promise.resolve(expect(hook.received.map((r) => r.status)).toEqual([500, 503, 204])), 15_000);

      const ids = new Set(hook.received.map((r) => r.headers["webhook-id"]));
      expect(ids.size).toBe(1);
      const delivered = hook.received[2]!;
      const payload = new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>) as any;
      expect(payload).toMatchObject({
        type: "session.revoked",
        data: { sessionId: session.id, userId: user.id, reasonCode: "lost_device", actor: { type: "admin", id: "support-7" } },
      });
      expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString("base64")}`).verify(delivered.body, delivered.headers as Record<string, string>)).toThrow();
      expect(delivered.headers["content-type"]).toBe("application/json");

      const rows = (await server.gql(`{ webhooks { id attempts lastError disabledAt } }`)).data!.webhooks as any[];
      expect(rows.find((r) => r.id === webhook.id)).toEqual({ id: webhook.id, attempts: 0, lastError: null, disabledAt: null });
      await server.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: webhook.id });
    } finally {
      await hook.close();
    }
  });

  it("keeps delivering to a healthy webhook while another keeps failing, and sends only the chosen types", async () => {
    const down = await receiver([500]);
    const up = await receiver([200]);
    try {
      const failing = await createWebhook(down.url, ["CREATED", "REVOKED"]);
      const healthy = await createWebhook(up.url, ["REVOKED"]);
      const user = await newPlainUser(server, "two-hooks");
      const first = await server.services.sessions.create({ userId: user.id, kind: "browser" });
      await server.services.sessions.revoke(first.id, "user_logout", { type: "user", id: user.id });
      await eventually(() => Promise.resolve(expect(down.received.length).toBeGreaterThanOrEqual(1)));
      const second = await server.services.sessions.create({ userId: user.id, kind: "browser" });
      await server.services.sessions.revoke(second.id, "user_logout", { type: "user", id: user.id });

      const sessionsOf = (r: Received[]) => r.map((x) => JSON.parse(x.body).data.sessionId as string);
      await eventually(() => Promise.resolve(expect(sessionsOf(up.received)).toEqual([first.id, second.id])));
      expect(up.received.map((r) => JSON.parse(r.body).type)).toEqual(["session.revoked", "session.revoked"]);
      // The failing one is still on its first event (the creation of the first session).
      expect(new Set(sessionsOf(down.received))).toEqual(new Set([first.id]));
      expect(JSON.parse(down.received[0]!.body).type).toBe("session.created");
      for (const id of [failing.webhook.id, healthy.webhook.id]) await server.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id });
    } finally {
      await Promise.all([down.close(), up.close()]);
    }
  });

  it("stores the secret sealed, shows it only once, and stops delivering once deleted", async () => {
    const hook = await receiver([200]);
    try {
      const { secret, webhook } = await createWebhook(hook.url, ["CREATED"]);
      const [row] = await server.database.db.select().from(tables.webhooks).where(eq(tables.webhooks.id, webhook.id));
      expect(row!.secretSealed).not.toContain(secret.slice(6));
      expect(JSON.stringify((await server.gql(`{ webhooks { id url eventTypes createdAt nextAttemptAt } }`)).data)).not.toContain(secret.slice(6));

      const deleted = await server.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: webhook.id });
      expect(deleted.data!.deleteWebhook.id).toBe(webhook.id);
      const user = await newPlainUser(server, "deleted-hook");
      await server.services.sessions.create({ userId: user.id, kind: "browser" });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(hook.received).toEqual([]);
      const again = await server.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: webhook.id });
      expect(again.errors?.[0]?.extensions?.code).toBe("WEBHOOK_NOT_FOUND");
    } finally {
      await hook.close();
    }
  });

  it("refuses URLs that are not http(s), an empty type list, and callers who are not admins", async () => {
    for (const url of ["ftp://example.com/hook", "file:///etc/passwd", "not a url", "javascript:alert(1)"]) {
      const res = await server.gql(CREATE, { url, types: ["REVOKED"] });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "url" });
    }
    const empty = await server.gql(CREATE, { url: "https://example.com/hook", types: [] });
    expect(empty.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const key = (await server.gql(`mutation { createApiKey(input: {name: "sessions", scopes: ["sessions:read", "sessions:write"]}) { token } }`)).data!.createApiKey.token;
    for (const bearer of [key, null]) {
      const create = await server.gql(CREATE, { url: "https://example.com/hook", types: ["REVOKED"] }, bearer);
      expect(create.errors?.[0]?.extensions?.code).toBe(bearer ? "FORBIDDEN" : "UNAUTHENTICATED");
      const list = await server.gql(`{ webhooks { id } }`, {}, bearer);
      expect(list.errors?.[0]?.extensions?.code).toBe(bearer ? "FORBIDDEN" : "UNAUTHENTICATED");
    }
    const adminKey = (await server.gql(`mutation { createApiKey(input: {name: "admin", scopes: ["admin"]}) { token } }`)).data!.createApiKey.token;
    const byAdminKey = await server.gql(CREATE, { url: "https://example.com/hook", types: ["REVOKED"] }, adminKey);
    expect(byAdminKey.errors).toBeUndefined();
    await server.gql(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: byAdminKey.data!.createWebhook.webhook.id });
  });
});
