import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "#test/support/server.js";
import { ADDRESS_FACTOR, contracts, LIMITS, newAddress, newLoginUser, PASSWORD, WRONG } from "./support.js";

const oidc = contracts[0]!;

/** An office behind one NAT, a proxy, a service account: successes never count against anyone. */
describe("brute force: successes are free", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await oidc.start(LIMITS);
  });
  afterAll(() => server?.stop());

  it("1000 successful logins from one address all succeed, next to failures just under the address's factor", async () => {
    const office = newAddress();
    const users = await Promise.all(Array.from({ length: 10 }, () => newLoginUser(server)));
    // Typos from the office, one short of its factor: they stay counted, and must not combine with the successes.
    for (let i = 0; i < ADDRESS_FACTOR - 1; i += 1) expect((await oidc.login(server, users[i]!.username, WRONG, office)).status).toBe(401);

    const statuses: number[] = [];
    for (let batch = 0; batch < 100; batch += 1) {
      const answers = await Promise.all(users.map((user) => oidc.login(server, user.username, PASSWORD, office)));
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses).toHaveLength(1000);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 180_000);
});
