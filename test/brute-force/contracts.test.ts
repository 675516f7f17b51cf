import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "#test/support/server.js";
import { ADDRESS_FACTOR, contracts, FACTOR, LIMITS, lockedEvents, newAddress, newLoginUser, PASSWORD, sleep, WRONG } from "./support.js";

describe.each(contracts)("brute force: $name", (contract) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await contract.start(LIMITS);
  });
  afterAll(() => server?.stop());

  it("stops an account after its failures, whatever the address, refuses even the right password, and lets it in when the wait ends", async () => {
    const user = await newLoginUser(server);
    const ok = await contract.login(server, user.username, PASSWORD, newAddress());
    expect(ok.status).toBe(200);

    const failures = [];
    for (let i = 0; i < FACTOR; i += 1) failures.push(await contract.login(server, user.username, WRONG, newAddress()));
    const failure = failures[0]!;
    expect(failure.status).toBeGreaterThanOrEqual(400);
    // Each guess came from a new address, so only the account's count can stop the next one.
    for (const answer of failures) expect(answer).toEqual(failure);
    expect(await lockedEvents(server, user.id)).toHaveLength(1);

    // Waiting: the right password gets the very answer a wrong one gets.
    const refusal = contract.refusal(failure);
    expect(await contract.login(server, user.username, PASSWORD, newAddress())).toEqual(refusal);
    expect(await contract.login(server, user.email, PASSWORD, newAddress())).toEqual(refusal);
    expect(await contract.login(server, user.username, WRONG, newAddress())).toEqual(refusal);

    await sleep(Number(LIMITS.BRUTE_FORCE_WAIT_INCREMENT_SECONDS) * 1000 + 200);
    expect((await contract.login(server, user.username, PASSWORD, newAddress())).status).toBe(200);
  });

  it("forgets an account's failures on a success", async () => {
    const user = await newLoginUser(server);
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < FACTOR - 1; i += 1) expect((await contract.login(server, user.username, WRONG, newAddress())).status).toBeGreaterThanOrEqual(400);
      expect((await contract.login(server, user.username, PASSWORD, newAddress())).status).toBe(200);
    }
    expect(await lockedEvents(server, user.id)).toEqual([]);
  });

  it("writes the audit event without the password", async () => {
    const user = await newLoginUser(server);
    const address = newAddress();
    for (let i = 0; i < FACTOR; i += 1) await contract.login(server, user.username, WRONG, newAddress());
    await contract.login(server, user.username, PASSWORD, address);
    const [event] = await lockedEvents(server, user.id);
    expect(event).toMatchObject({ action: "brute_force.locked", actorType: "system", subjectType: "user", subjectId: user.id, changes: { failures: FACTOR, waitSeconds: 2 } });
    expect(JSON.stringify(event)).not.toContain(WRONG);
    expect(JSON.stringify(event)).not.toContain(PASSWORD);
  });

  it("stops one address spraying many accounts, and only that address", async () => {
    const sprayer = newAddress();
    const victims = await Promise.all(Array.from({ length: ADDRESS_FACTOR }, () => newLoginUser(server)));
    const failures = [];
    for (const victim of victims.slice(0, ADDRESS_FACTOR - 1)) failures.push(await contract.login(server, victim.username, WRONG, sprayer));
    // An unknown user counts against the address too.
    failures.push(await contract.login(server, `nobody-${Date.now()}`, WRONG, sprayer));
    for (const answer of failures) expect(answer).toEqual(failures[0]);
    const [event] = await lockedEvents(server, sprayer);
    expect(event).toMatchObject({ subjectType: "address", subjectId: sprayer, changes: { failures: ADDRESS_FACTOR } });

    const untouched = victims[ADDRESS_FACTOR - 1]!;
    expect(await contract.login(server, untouched.username, PASSWORD, sprayer)).toEqual(contract.refusal(failures[0]!));
    expect((await contract.login(server, untouched.username, PASSWORD, newAddress())).status).toBe(200);
  });
});
