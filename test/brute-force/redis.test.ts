import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import type { TestServer } from "#test/support/server.js";
import { ADDRESS_FACTOR, contracts, LIMITS, lockedEvents, newAddress, newLoginUser, PASSWORD, WRONG } from "./support.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const oidc = contracts[0]!;

/**
 * With REDIS_URL the counts live in Redis, shared by every instance. The two servers here have
 * databases of their own, so only Redis can carry one's failures over to the other.
 */
describe("brute force: counts in Redis, shared by two instances", () => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    const env = { ...LIMITS, REDIS_URL, BRUTE_FORCE_FAILURE_RESET_SECONDS: "60" };
    [a, b] = await Promise.all([oidc.start(env), oidc.start(env)]);
  });
  afterAll(() => Promise.all([a?.stop(), b?.stop()]));

  it("failures from one address on one instance stop it on the other", async () => {
    const sprayer = newAddress();
    for (let i = 0; i < ADDRESS_FACTOR; i += 1) expect((await oidc.login(a, `nobody-${i}-${Date.now()}`, WRONG, sprayer)).status).toBe(401);
    expect(await lockedEvents(a, sprayer)).toHaveLength(1);

    const user = await newLoginUser(b);
    const refused = await oidc.login(b, user.username, PASSWORD, sprayer);
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "Invalid user credentials" } });
    expect((await oidc.login(b, user.username, PASSWORD, newAddress())).status).toBe(200);

    // Redis held them: the database store (the insurance while Redis is away) stayed empty.
    expect(await a.database.db.select().from(tables.rateLimits)).toEqual([]);
    expect(await b.database.db.select().from(tables.rateLimits)).toEqual([]);
  });
});
