import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "#test/support/server.js";
import { contracts, FACTOR, LIMITS, lockedEvents, newAddress, newLoginUser, PASSWORD, WRONG } from "./support.js";

const oidc = contracts[0]!;

/** BRUTE_FORCE_PERMANENT_LOCKOUT=true: the factor-th failure locks the user until an admin unlocks it. */
describe("brute force: permanent lockout, by choice", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await oidc.start({ ...LIMITS, BRUTE_FORCE_PERMANENT_LOCKOUT: "true" });
  });
  afterAll(() => server?.stop());

  const lockedOf = async (id: string) => (await server.gql(`query($id: ID!) { user(id: $id) { locked } }`, { id })).data!.user.locked as boolean;

  it("locks the user at the factor, keeps it locked past any wait, and an admin's unlock lets it in again", async () => {
    const user = await newLoginUser(server);
    for (let i = 0; i < FACTOR; i += 1) expect((await oidc.login(server, user.username, WRONG, newAddress())).status).toBe(401);
    expect(await lockedOf(user.id)).toBe(true);
    const [event] = await lockedEvents(server, user.id);
    expect(event).toMatchObject({ subjectType: "user", changes: { failures: FACTOR, permanent: true } });

    // Keycloak's answer to a locked user, right password or not.
    const refused = await oidc.login(server, user.username, PASSWORD, newAddress());
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "Invalid user credentials" } });

    const unlocked = await server.gql(`mutation($id: ID!) { updateUser(id: $id, input: {locked: false}) { locked } }`, { id: user.id });
    expect(unlocked.errors).toBeUndefined();
    expect((await oidc.login(server, user.username, PASSWORD, newAddress())).status).toBe(200);
    // The count started again from nothing: one failure does not lock.
    expect((await oidc.login(server, user.username, WRONG, newAddress())).status).toBe(401);
    expect(await lockedOf(user.id)).toBe(false);
  });
});
