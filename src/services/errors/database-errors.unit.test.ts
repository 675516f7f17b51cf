import { describe, expect, it } from "vitest";
import { DomainError } from "./domain-error.js";
import { conflictFrom, isUnavailable, uniqueViolation } from "./database-errors.js";
import { isId } from "./ids.js";

/** drizzle wraps the driver's error in its own; both shapes occur. */
const wrapped = (cause: object) => Object.assign(new Error("Failed query"), { cause });

describe("database errors", () => {
  it("find a unique violation's constraint through drizzle's wrapping, from either driver", () => {
    expect(uniqueViolation(wrapped({ code: "23505", constraint_name: "users_realm_email_key" }))).toBe("users_realm_email_key");
    expect(uniqueViolation(wrapped({ code: "23505", constraint: "users_realm_username_key" }))).toBe("users_realm_username_key");
    expect(uniqueViolation(wrapped({ code: "23503", constraint: "fk" }))).toBeUndefined();
    expect(uniqueViolation(new Error("nothing"))).toBeUndefined();
  });

  it("map a known constraint to its error, an unknown one to BAD_USER_INPUT, and anything else to nothing", () => {
    const taken = () => new DomainError("EMAIL_TAKEN", "email is already taken");
    expect(conflictFrom(wrapped({ code: "23505", constraint_name: "users_realm_email_key" }), { users_realm_email_key: taken })).toMatchObject({ code: "EMAIL_TAKEN" });
    expect(conflictFrom(wrapped({ code: "23505", constraint_name: "other_key" }), { users_realm_email_key: taken })).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(conflictFrom(new Error("boom"), { users_realm_email_key: taken })).toBeUndefined();
  });

  it("recognise a store that cannot be reached", () => {
    expect(isUnavailable(wrapped({ code: "ECONNREFUSED" }))).toBe(true);
    expect(isUnavailable(wrapped({ code: "57P01" }))).toBe(true);
    expect(isUnavailable(new Error("PGlite is closed"))).toBe(true);
    expect(isUnavailable(wrapped({ code: "23505" }))).toBe(false);
  });

  it("recognise every way the postgres driver reports a lost or refused connection, and PostgreSQL's own", () => {
    for (const code of ["CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "08006", "57P03", "53300"]) {
      expect(isUnavailable(wrapped({ code })), code).toBe(true);
    }
    // A query that broke a rule or timed out on the server is the request's fault, not an outage.
    for (const code of ["23503", "57014", "40P01", "42P01"]) expect(isUnavailable(wrapped({ code })), code).toBe(false);
  });
});

describe("isId", () => {
  it.each([
    ["0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", true],
    ["0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", true],
    ["0190a1b2c3d47e5f8a9b0c1d2e3f4a5b", false],
    ["1; drop table users", false],
    ["", false],
  ])("%s → %s", (value, expected) => {
    expect(isId(value)).toBe(expected);
  });
});
