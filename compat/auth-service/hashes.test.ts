import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyHash } from "#src/services/value-hashes/index.js";
import { authCall } from "#test/support/auth-service.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const OK = { success: true, message: "Action handled successfully" };

describe("auth-service hashing: POST /internal/auth/hash and /internal/auth/is-equals", () => {
  let server: TestServer;
  const post = (path: string, body: unknown) => authCall(server.internalUrl, "POST", `/internal/auth${path}`, { body });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("hashes with argon2id, salt inside, and compares against it", async () => {
    const hashed = await post("/hash", { toHash: "secret value" });
    expect(hashed.status).toBe(200);
    expect(hashed.body).toEqual({ ...OK, hash: expect.stringMatching(/^\$argon2id\$v=19\$m=4096,t=1,p=4\$/) });
    expect((await post("/is-equals", { toHash: "secret value", toCompare: hashed.body.hash })).body).toEqual({ ...OK, isEquals: true });
    expect((await post("/is-equals", { toHash: "secret valuE", toCompare: hashed.body.hash })).body).toEqual({ ...OK, isEquals: false });
  });

  it("gives the empty hash for the empty value, and false for empty or malformed input", async () => {
    expect((await post("/hash", { toHash: "" })).body).toEqual({ ...OK, hash: "" });
    for (const body of [{ toHash: "", toCompare: "" }, { toHash: "x", toCompare: "" }, { toHash: "", toCompare: "$argon2id$v=19$m=4096,t=1,p=4$x$y" }, { toHash: "x", toCompare: "garbage" }]) {
      expect((await post("/is-equals", body)).body, JSON.stringify(body)).toEqual({ ...OK, isEquals: false });
    }
  });

  it("verifies the legacy [salt + SHA-512] form earlier deployments stored", async () => {
    const stored = legacyHash("old password", "f".repeat(64));
    expect(stored).toHaveLength(152);
    expect((await post("/is-equals", { toHash: "old password", toCompare: stored })).body.isEquals).toBe(true);
    expect((await post("/is-equals", { toHash: "old passwort", toCompare: stored })).body.isEquals).toBe(false);
  });

  it("refuses fields that are missing or not strings with 400", async () => {
    for (const [path, body, message] of [
      ["/hash", {}, "toHash is required"],
      ["/hash", { toHash: 5 }, "toHash must be a string"],
      ["/is-equals", { toHash: "x" }, "toCompare is required"],
      ["/is-equals", [], "request body must be a JSON object"],
    ] as const) {
      const answer = await post(path, body);
      expect([answer.status, answer.body], path).toEqual([400, { success: false, message }]);
    }
  });

  it("is the graph's hashValue and valueMatchesHash, which only trusted callers may run", async () => {
    const hashed = await server.gql(`{ hashValue(value: "v") }`);
    expect(hashed.data!.hashValue).toMatch(/^\$argon2id\$/);
    const matched = await server.gql(`query($h: String!) { valueMatchesHash(value: "v", hash: $h) }`, { h: hashed.data!.hashValue });
    expect(matched.data!.valueMatchesHash).toBe(true);
    const anonymous = await server.gql(`{ hashValue(value: "v") }`, {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
