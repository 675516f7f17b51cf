import argon2 from "argon2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configureHashCost, hashSecret, verifySecret } from "./hashing.js";

describe("argon2id hashes in flight", () => {
  afterEach(() => vi.restoreAllMocks());

  it("runs no more hashes and verifications at once than configured; the rest wait their turn", async () => {
    configureHashCost({ memoryCost: 4096, timeCost: 1, inFlight: 2 });
    let running = 0;
    let most = 0;
    const track = <A extends unknown[], R>(real: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        most = Math.max(most, ++running);
        try {
          return await real(...args);
        } finally {
          running -= 1;
        }
      };
    const [realHash, realVerify] = [argon2.hash.bind(argon2), argon2.verify.bind(argon2)];
    vi.spyOn(argon2, "hash").mockImplementation(track(realHash) as typeof argon2.hash);
    vi.spyOn(argon2, "verify").mockImplementation(track(realVerify));

    const hash = await hashSecret("a password");
    const results = await Promise.all([...Array(12)].map((_, i) => (i % 3 === 0 ? hashSecret(`p${i}`).then(Boolean) : verifySecret(hash, i % 2 ? "a password" : "wrong"))));
    expect(results).toEqual([...Array(12)].map((_, i) => (i % 3 === 0 ? true : i % 2 === 1)));
    expect(most).toBe(2);

    configureHashCost({ memoryCost: 4096, timeCost: 1, inFlight: 1 });
    most = 0;
    await Promise.all([...Array(6)].map(() => verifySecret(hash, "a password")));
    expect(most).toBe(1);
  });
});
