import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { lacpassSpec, newUser, passwordGrant } from "#test/oidc/support.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const DAY = 86_400_000;

/** The password expiry the ID Broker keeps holds for the OIDC password grant too. */
describe("OIDC password grant and password expiry", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  const clock = new ManualClock(new Date("2027-01-10T10:00:00Z"));

  beforeAll(async () => {
    server = await startTestServer({ clock });
    spec = await lacpassSpec();
  });
  afterAll(() => server?.stop());

  /** The password grant's answer for the user, `days` after `start`. */
  async function grantAfter(start: Date, days: number, email: string) {
    clock.set(new Date(start.getTime() + days * DAY));
    return passwordGrant(server, email);
  }

  function expectNotSetUp(res: Awaited<ReturnType<typeof passwordGrant>>) {
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_grant", "Account is not fully set up");
    expect(res.headers.get("cache-control")).toBe("no-store");
  }

  it("logs in through the grace period, then answers 400 Account is not fully set up", async () => {
    const start = clock.now();
    const user = await newUser(server);
    expect((await grantAfter(start, 375, user.email)).status).toBe(200);
    expectNotSetUp(await grantAfter(start, 400, user.email));
    clock.set(start);
  });

  it("a verified second factor pushes the expiry out, as in the broker", async () => {
    const start = clock.now();
    const user = await newUser(server);
    const mfa = await server.gql(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "backupcode"}) { id } }`, { u: user.id });
    expect(mfa.errors).toBeUndefined();
    expect((await grantAfter(start, 400, user.email)).status).toBe(200);
    // Four years further, the pushed-out grace period ends too.
    expect((await grantAfter(start, 1800, user.email)).status).toBe(200);
    expectNotSetUp(await grantAfter(start, 1900, user.email));
    clock.set(start);
  });
});
