import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMessage } from "#src/services/outbox/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf } from "./support.js";

const OUTBOX = `query($to: String, $first: Int) { outboxMessages(to: $to, first: $first) { to subject text createdAt sentAt } }`;

describe("outbox messages", () => {
  let server: TestServer;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 9, minute));
  const enqueue = (to: string, subject: string, minute: number) => enqueueMessage(server.database.db, { to, subject, text: `${subject} body` }, at(minute));

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
    // Written out of order, so the answer's order comes from the times, not the insertion.
    await enqueue("carol@example.com", "second", 2);
    await enqueue("dave@example.com", "for dave", 3);
    await enqueue("Carol@Example.com", "third", 5);
    await enqueue("carol@example.com", "first", 1);
    await enqueue("carol@example.com", "third-bis", 5);
  });
  afterAll(() => server?.stop());

  it("lists one address's messages newest first, whatever the case of the address", async () => {
    const res = await server.gql(OUTBOX, { to: "CAROL@example.com" });
    expect(res.errors).toBeUndefined();
    expect(res.data!.outboxMessages.map((m: { subject: string }) => m.subject)).toEqual(["third-bis", "third", "second", "first"]);
    expect(res.data!.outboxMessages[1]).toEqual({ to: "Carol@Example.com", subject: "third", text: "third body", createdAt: at(5).toISOString(), sentAt: null });
  });

  it("lists every message newest first without an address, and takes a page size", async () => {
    const all = await server.gql(OUTBOX, {});
    expect(all.data!.outboxMessages.map((m: { subject: string }) => m.subject)).toEqual(["third-bis", "third", "for dave", "second", "first"]);
    const two = await server.gql(OUTBOX, { first: 2 });
    expect(two.data!.outboxMessages.map((m: { subject: string }) => m.subject)).toEqual(["third-bis", "third"]);
  });

  it("answers an empty list for an address with no mail", async () => {
    expect((await server.gql(OUTBOX, { to: "nobody@example.com" })).data).toEqual({ outboxMessages: [] });
  });

  it.each([0, 501])("rejects a page size of %i with BAD_USER_INPUT", async (first) => {
    expect(codeOf(await server.gql(OUTBOX, { first }))).toBe("BAD_USER_INPUT");
  });
});
