import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { newUser, passwordGrant, userinfo, type TokenBody } from "./support.js";

/**
 * A token's signature is checked once and remembered; what can change is checked at every use.
 * Each case first uses the token (so its signature is remembered), then changes the world.
 */
describe("remembered signatures never outlive what made the token valid", () => {
  const clock = new ManualClock(new Date("2027-03-01T10:00:00Z"));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  const signedIn = async () => {
    const user = await newUser(server);
    const tokens = (await passwordGrant(server, user.username)).body as TokenBody;
    expect((await userinfo(server, tokens.access_token)).status).toBe(200);
    return tokens;
  };

  it("a remembered token expires at its exp", async () => {
    const tokens = await signedIn();
    clock.advance(tokens.expires_in * 1000);
    const res = await userinfo(server, tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body.error_description).toBe("Token is not active");
    clock.advance(-tokens.expires_in * 1000);
  });

  it("a remembered token dies with its key: a key retired past its grace elsewhere is refused here", async () => {
    const tokens = await signedIn();
    const kid = JSON.parse(Buffer.from(tokens.access_token.split(".")[0]!, "base64url").toString()).kid as string;
    // As another instance's rotation and a later purge would leave it, heard through the change feed.
    await server.database.db
      .update(tables.signingKeys)
      .set({ status: "retired", retiredAt: clock.now(), verifyUntil: new Date(clock.now().getTime() - 1000) })
      .where(eq(tables.signingKeys.id, kid));
    server.database.changes.announceLocally("signing-keys");
    const res = await userinfo(server, tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.body.error_description).toBe("Token verification failed");
  });

  it("a token differing from a remembered one by one character is verified afresh and refused", async () => {
    const tokens = await signedIn();
    const [header, payload, signature] = tokens.access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: "00000000-0000-4000-8000-000000000000" })).toString("base64url")}.${signature}`;
    expect((await userinfo(server, forged)).status).toBe(401);
    expect((await userinfo(server, tokens.access_token)).status).toBe(200);
  });
});
