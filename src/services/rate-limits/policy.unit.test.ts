import { describe, expect, it } from "vitest";
import { DEFAULT_BRUTE_FORCE, waitSeconds } from "./policy.js";

describe("brute force wait time (Keycloak's rule)", () => {
  const policy = { waitIncrementSeconds: 60, maxWaitSeconds: 900 };

  it("asks no wait below the failure factor", () => {
    for (let failures = 0; failures < 5; failures += 1) expect(waitSeconds(failures, 5, policy)).toBe(0);
  });

  it("waits one increment from the factor, one more at each further multiple of it", () => {
    expect([5, 6, 9, 10, 14, 15, 20].map((n) => waitSeconds(n, 5, policy))).toEqual([60, 60, 60, 120, 120, 180, 240]);
  });

  it("never waits longer than the ceiling", () => {
    expect(waitSeconds(75, 5, policy)).toBe(900);
    expect(waitSeconds(10_000, 5, policy)).toBe(900);
  });

  it("grows with the failures, never shrinks", () => {
    let previous = 0;
    for (let failures = 0; failures < 500; failures += 1) {
      const wait = waitSeconds(failures, DEFAULT_BRUTE_FORCE.failureFactor, DEFAULT_BRUTE_FORCE);
      expect(wait).toBeGreaterThanOrEqual(previous);
      previous = wait;
    }
    expect(previous).toBe(DEFAULT_BRUTE_FORCE.maxWaitSeconds);
  });
});
