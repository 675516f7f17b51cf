import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "#test/support/server.js";
import { ADDRESS_FACTOR, contracts, LIMITS, lockedEvents, newAddress, newLoginUser, PASSWORD, WRONG } from "./support.js";

/**
 * The per-address count reads the client address the way express does under TRUST_PROXY: behind
 * a proxy that is not trusted, X-Forwarded-For is the caller's word and counts for nothing.
 */
const [oidc] = contracts;

describe("TRUST_PROXY decides whose X-Forwarded-For names the address", () => {
  let untrusting: TestServer;
  let trusting: TestServer;

  beforeAll(async () => {
    // The tests connect from loopback: a server that trusts only 192.0.2.0/24 sees them as 127.0.0.1.
    untrusting = await oidc!.start({ ...LIMITS, BRUTE_FORCE_FAILURE_FACTOR: "100", TRUST_PROXY: "192.0.2.0/24" });
    trusting = await oidc!.start({ ...LIMITS, BRUTE_FORCE_FAILURE_FACTOR: "100", TRUST_PROXY: "loopback, 192.0.2.0/24" });
  });
  afterAll(async () => {
    await untrusting?.stop();
    await trusting?.stop();
  });

  it("counts a spray from an untrusted peer against the peer, whatever X-Forwarded-For it sends", async () => {
    for (let i = 0; i < ADDRESS_FACTOR; i++) await oidc!.login(untrusting, `nobody-${i}`, WRONG, newAddress());
    const [event] = await lockedEvents(untrusting, "127.0.0.1");
    expect(event).toMatchObject({ subjectType: "address", changes: { failures: ADDRESS_FACTOR } });
    const user = await newLoginUser(untrusting);
    expect((await oidc!.login(untrusting, user.username, PASSWORD, newAddress())).status).toBe(400);
  });

  it("counts each forwarded address apart behind a trusted proxy", async () => {
    for (let i = 0; i < ADDRESS_FACTOR; i++) await oidc!.login(trusting, `nobody-${i}`, WRONG, newAddress());
    expect(await lockedEvents(trusting, "127.0.0.1")).toEqual([]);
    const user = await newLoginUser(trusting);
    expect((await oidc!.login(trusting, user.username, PASSWORD, newAddress())).status).toBe(200);
  });
});
