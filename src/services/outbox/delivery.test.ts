import { createServer, type Server, type Socket } from "node:net";
import { eq, inArray } from "drizzle-orm";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { createOutboxDelivery, enqueueMessage, MAX_DELIVERY_ATTEMPTS } from "./index.js";

/** nodemailer's JSON transport, remembering what it was asked to send. */
function recordingTransport(sent: SendMailOptions[]): Transporter {
  const json = nodemailer.createTransport({ jsonTransport: true });
  return { sendMail: async (mail: SendMailOptions) => (sent.push(mail), json.sendMail(mail)) } as unknown as Transporter;
}

const failingTransport = { sendMail: async () => Promise.reject(new Error("550 mailbox unavailable")) } as unknown as Transporter;

/** Just enough of an SMTP server to take messages (no TLS, no auth). */
function fakeSmtpServer(received: string[]): Promise<{ server: Server; port: number }> {
  const server = createServer((socket: Socket) => {
    let data = false;
    let buffer = "";
    socket.write("220 fake ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let end: number;
      while ((end = data ? buffer.indexOf("\r\n.\r\n") : buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (data ? 5 : 2));
        if (data) {
          received.push(line);
          data = false;
          socket.write("250 queued\r\n");
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write("250 fake\r\n");
        else if (/^DATA/i.test(line)) (data = true), socket.write("354 go on\r\n");
        else if (/^QUIT/i.test(line)) socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port })));
}

describe("outbox delivery", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-02-01T00:00:00Z"));

  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.stop());

  const enqueue = async (n: number, tag: string) => {
    const rows = [];
    for (let i = 0; i < n; i++) rows.push(await enqueueMessage(server.database.db, { to: `${tag}${i}@example.org`, subject: `s${i}`, text: `t${i}` }, clock.now()));
    return rows.map((r) => r.id);
  };

  it("sends every unsent message once, even with two deliverers side by side", async () => {
    const ids = await enqueue(6, "twice");
    const sent: SendMailOptions[] = [];
    const a = createOutboxDelivery(server.database.db, clock, recordingTransport(sent), "idp@example.org");
    const b = createOutboxDelivery(server.database.db, clock, recordingTransport(sent), "idp@example.org");
    const [x, y] = await Promise.all([a.deliverPending(4), b.deliverPending(4)]);
    await a.deliverPending(10);
    expect(sent.filter((m) => String(m.to).startsWith("twice")).map((m) => m.to).sort()).toEqual(ids.map((_, i) => `twice${i}@example.org`).sort());
    expect(x + y).toBeGreaterThan(0);
    expect(sent[0]?.from).toBe("idp@example.org");
    const rows = await server.database.db.select().from(tables.outboxMessages).where(inArray(tables.outboxMessages.id, ids));
    for (const row of rows) expect(row).toMatchObject({ sentAt: clock.now(), attempts: 1, lastError: null });
  });

  it("keeps a message whose send failed, with the error, for later rounds, up to the attempt limit", async () => {
    const [id] = await enqueue(1, "failing");
    const delivery = createOutboxDelivery(server.database.db, clock, failingTransport, "idp@example.org");
    for (let round = 0; round < MAX_DELIVERY_ATTEMPTS + 2; round++) await delivery.deliverPending();
    const [row] = await server.database.db.select().from(tables.outboxMessages).where(eq(tables.outboxMessages.id, id!));
    expect(row).toMatchObject({ sentAt: null, attempts: MAX_DELIVERY_ATTEMPTS, lastError: "550 mailbox unavailable" });
  });
});

describe("outbox delivery over SMTP_URL", () => {
  const received: string[] = [];
  let smtp: Server;
  let server: TestServer;

  beforeAll(async () => {
    const fake = await fakeSmtpServer(received);
    smtp = fake.server;
    server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${fake.port}`, MAIL_FROM: "accounts@example.org" } });
  });
  afterAll(async () => {
    await server?.stop();
    smtp?.close();
  });

  it("delivers what the server writes to the outbox, and marks it sent", async () => {
    await server.gql(`mutation { createUser(input: {username: "smtp_user", email: "smtp.user@example.org", invite: true}) { id } }`);
    for (let i = 0; i < 60 && !received.some((m) => m.includes("smtp.user@example.org")); i++) await new Promise((r) => setTimeout(r, 250));
    const message = received.find((m) => m.includes("smtp.user@example.org"));
    expect(message).toContain("From: accounts@example.org");
    expect(message).toMatch(/Subject: You are invited/);
    const [row] = await server.database.db.select().from(tables.outboxMessages).where(eq(tables.outboxMessages.to, "smtp.user@example.org"));
    expect(row!.sentAt).not.toBeNull();
  });
});
