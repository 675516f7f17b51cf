import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows, createUser, openSessions } from "./support.js";

const BLOCK = `mutation($input: BlockSubjectInput!) {
  blockSubject(input: $input) { outcome sessionIds block { id subjectKind subjectValue userId reasonCode actorType actorId createdAt } }
}`;
const REMOVE = `mutation($id: ID!) { removeBlock(id: $id) { id subjectKind subjectValue } }`;

describe("blocks", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-07-01T10:00:00.000Z"));
  let n = 0;
  const newUser = (email?: string) => createUser(server, { username: `blk-${++n}`, email: email ?? `blk-${n}@example.com` });
  const sessionsOf = (userId: string) => server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, userId));
  const canLogIn = (userId: string) =>
    server.services.sessions.create({ userId, kind: "browser" }).then(
      () => true,
      (error: { code?: string; message?: string }) => {
        expect(error).toMatchObject({ code: "FORBIDDEN", message: "subject is blocked" });
        return false;
      },
    );

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("blocking a user id revokes its active sessions and reports them; the user cannot get a new session", async () => {
    const user = await newUser();
    const [revokedEarlier] = await openSessions(server, user.id, 1);
    await server.services.sessions.revoke(revokedEarlier!, "logout", { type: "user", id: user.id });
    clock.advance(1_000);
    const [older] = await openSessions(server, user.id, 1);
    clock.advance(1_000);
    const [newer] = await openSessions(server, user.id, 1);
    const bystander = await newUser();
    const [bystanderSession] = await openSessions(server, bystander.id, 1);

    const res = await server.gql(BLOCK, { input: { userId: user.id, reasonCode: "fraud", actor: { type: "trust_safety", id: "analyst-3" } } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.blockSubject).toEqual({
      outcome: "BLOCKED",
      sessionIds: [newer, older],
      block: {
        id: expect.any(String),
        subjectKind: "USER_ID",
        subjectValue: user.id,
        userId: user.id,
        reasonCode: "fraud",
        actorType: "trust_safety",
        actorId: "analyst-3",
        createdAt: clock.now().toISOString(),
      },
    });
    const rows = await sessionsOf(user.id);
    expect(rows.filter((r) => r.status === "active")).toEqual([]);
    for (const id of [newer, older]) {
      expect(rows.find((r) => r.id === id)).toMatchObject({ revokeReasonCode: "fraud", revokeActorType: "trust_safety", revokeActorId: "analyst-3" });
    }
    expect(rows.find((r) => r.id === revokedEarlier)).toMatchObject({ revokeReasonCode: "logout" });
    expect((await sessionsOf(bystander.id)).find((r) => r.id === bystanderSession)!.status).toBe("active");

    expect(await canLogIn(user.id)).toBe(false);
    expect(await sessionsOf(user.id)).toHaveLength(3);
    expect(await canLogIn(bystander.id)).toBe(true);
  });

  it("a second block of the same subject says already_blocked and keeps the first block", async () => {
    const user = await newUser();
    const first = await server.gql(BLOCK, { input: { userId: user.id, reasonCode: "fraud" } });
    clock.advance(1_000);
    const before = await countRows(server, tables.subjectBlocks);
    const second = await server.gql(BLOCK, { input: { userId: user.id, reasonCode: "spam" } });
    expect(second.data!.blockSubject).toEqual({ outcome: "ALREADY_BLOCKED", sessionIds: [], block: first.data!.blockSubject.block });
    expect(await countRows(server, tables.subjectBlocks)).toBe(before);
  });

  it("blocking an e-mail (any case) blocks the user who has it, and removeBlock lifts it", async () => {
    const user = await newUser("Mixed.Case@Example.com");
    const sessions = await openSessions(server, user.id, 2);
    const res = await server.gql(BLOCK, { input: { email: "MIXED.case@example.COM", reasonCode: "chargeback" } });
    expect(res.data!.blockSubject).toMatchObject({
      outcome: "BLOCKED",
      sessionIds: [...sessions].reverse(),
      block: { subjectKind: "EMAIL", subjectValue: "mixed.case@example.com", userId: user.id, actorType: "admin", actorId: null },
    });
    expect(await canLogIn(user.id)).toBe(false);

    const listed = await server.gql(`{ blocks(realm: "master") { id subjectValue } }`);
    expect(listed.data!.blocks).toContainEqual({ id: res.data!.blockSubject.block.id, subjectValue: "mixed.case@example.com" });

    const removed = await server.gql(REMOVE, { id: res.data!.blockSubject.block.id });
    expect(removed.data!.removeBlock).toEqual({ id: res.data!.blockSubject.block.id, subjectKind: "EMAIL", subjectValue: "mixed.case@example.com" });
    expect(await canLogIn(user.id)).toBe(true);
    expect((await server.gql(`query($id: ID!) { blocks(userId: $id) { id } }`, { id: user.id })).data!.blocks).toEqual([]);
  });

  it("a user blocked by id and by e-mail stays blocked until both blocks are lifted", async () => {
    const user = await newUser();
    const byId = await server.gql(BLOCK, { input: { userId: user.id, reasonCode: "fraud" } });
    const byEmail = await server.gql(BLOCK, { input: { email: user.email, reasonCode: "fraud" } });
    expect(byEmail.data!.blockSubject.outcome).toBe("BLOCKED");
    const ids = (await server.gql(`query($id: ID!) { blocks(userId: $id) { id } }`, { id: user.id })).data!.blocks.map((b: { id: string }) => b.id);
    expect(ids.sort()).toEqual([byId.data!.blockSubject.block.id, byEmail.data!.blockSubject.block.id].sort());

    await server.gql(REMOVE, { id: byId.data!.blockSubject.block.id });
    expect(await canLogIn(user.id)).toBe(false);
    await server.gql(REMOVE, { id: byEmail.data!.blockSubject.block.id });
    expect(await canLogIn(user.id)).toBe(true);
  });

  it("after removeBlock, blocking again is a new block that revokes again", async () => {
    const user = await newUser();
    const first = await server.gql(BLOCK, { input: { userId: user.id, reasonCode: "fraud" } });
    await server.gql(REMOVE, { id: first.data!.blockSubject.block.id });
    const [session] = await openSessions(server, user.id, 1);
    const again = await server.gql(BLOCK, { input: { userId: user.id, reasonCode: "fraud_again" } });
    expect(again.data!.blockSubject).toMatchObject({ outcome: "BLOCKED", sessionIds: [session] });
    expect(again.data!.blockSubject.block.id).not.toBe(first.data!.blockSubject.block.id);
  });

  it.each([
    ["both a user id and an e-mail", (u: { id: string; email: string | null }) => ({ userId: u.id, email: u.email, reasonCode: "x" }), "BAD_USER_INPUT"],
    ["neither a user id nor an e-mail", () => ({ reasonCode: "x" }), "BAD_USER_INPUT"],
    ["a malformed e-mail", () => ({ email: "not-an-address", reasonCode: "x" }), "BAD_USER_INPUT"],
    ["an empty reason", (u: { id: string }) => ({ userId: u.id, reasonCode: "" }), "BAD_USER_INPUT"],
    ["an unknown user id", () => ({ userId: "01900000-0000-7000-8000-000000000000", reasonCode: "x" }), "SUBJECT_NOT_FOUND"],
    ["an e-mail no user has", () => ({ email: "nobody@example.com", reasonCode: "x" }), "SUBJECT_NOT_FOUND"],
    ["an unknown realm", (u: { email: string | null }) => ({ email: u.email, realm: "nowhere", reasonCode: "x" }), "REALM_NOT_FOUND"],
  ])("refuses %s and changes nothing", async (_name, input, code) => {
    const user = await newUser();
    const [session] = await openSessions(server, user.id, 1);
    const blocksBefore = await countRows(server, tables.subjectBlocks);
    const res = await server.gql(BLOCK, { input: input(user) });
    expect(codeOf(res)).toBe(code);
    expect(await countRows(server, tables.subjectBlocks)).toBe(blocksBefore);
    expect((await sessionsOf(user.id)).find((r) => r.id === session)!.status).toBe("active");
  });

  it("answers BLOCK_NOT_FOUND when removing a block that does not exist", async () => {
    for (const id of ["01900000-0000-7000-8000-000000000000", "nope"]) {
      expect(codeOf(await server.gql(REMOVE, { id }))).toBe("BLOCK_NOT_FOUND");
    }
  });
});
