import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";

describe("graph smoke", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("creates and reads a user", async () => {
    const created = await server.gql(`mutation { createUser(input: {username: "alice", email: "alice@example.com"}) { id username } }`);
    expect(created.errors).toBeUndefined();
    const id = created.data!.createUser.id;
    const read = await server.gql(`query($id: ID!) { user(id: $id) { username email } }`, { id });
    expect(read.data).toEqual({ user: { username: "alice", email: "alice@example.com" } });
  });
});
