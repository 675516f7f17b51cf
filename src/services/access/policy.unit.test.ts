import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.js";
import { can, requireScope } from "./policy.js";
import type { Principal } from "./principal.js";
import { allScopes, Scope } from "./scopes.js";

const ME = "0190a1b2-c3d4-7e5f-8a9b-000000000001";
const YOU = "0190a1b2-c3d4-7e5f-8a9b-000000000002";
const user: Principal = { kind: "user", userId: ME, realmId: "r", scopes: [] };
const key = (...scopes: string[]): Principal => ({ kind: "api_key", keyId: "k", scopes });

function refusal(principal: Principal, scope: Scope, ownerId?: string): string | undefined {
  try {
    requireScope(principal, scope, { ownerId });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
}

describe("access policy", () => {
  it("lets admins and trusted services do everything", () => {
    for (const principal of [{ kind: "admin" }, { kind: "service", name: "galaxy" }] as Principal[]) {
      for (const scope of allScopes) expect(can(principal, scope)).toBe(true);
    }
  });

  it("lets an API key do exactly what its scopes say", () => {
    const reader = key(Scope.USERS_READ);
    expect(can(reader, Scope.USERS_READ)).toBe(true);
    for (const scope of allScopes.filter((s) => s !== Scope.USERS_READ)) expect(can(reader, scope)).toBe(false);
    expect(can(key(), Scope.USERS_READ)).toBe(false);
  });

  it("reads the admin scope of an API key as every scope", () => {
    for (const scope of allScopes) expect(can(key(Scope.ADMIN), scope)).toBe(true);
  });

  it("lets a user read its profile and read and revoke its sessions, only its own", () => {
    for (const scope of [Scope.USERS_READ, Scope.SESSIONS_READ, Scope.SESSIONS_WRITE]) {
      expect(can(user, scope, { ownerId: ME })).toBe(true);
      expect(can(user, scope, { ownerId: YOU })).toBe(false);
      expect(can(user, scope)).toBe(false);
    }
  });

  it("lets a user do nothing else, even to its own records, whatever scopes its token claims", () => {
    const claiming: Principal = { ...user, scopes: allScopes } as Principal;
    for (const scope of allScopes.filter((s) => ![Scope.USERS_READ, Scope.SESSIONS_READ, Scope.SESSIONS_WRITE].includes(s as never))) {
      expect(can(user, scope, { ownerId: ME })).toBe(false);
      expect(can(claiming, scope, { ownerId: ME })).toBe(false);
    }
  });

  it("lets an anonymous caller do nothing", () => {
    for (const scope of allScopes) expect(can({ kind: "anonymous" }, scope, { ownerId: ME })).toBe(false);
  });

  it("requireScope: UNAUTHENTICATED without credentials, FORBIDDEN without the right, nothing when allowed", () => {
    expect(refusal({ kind: "anonymous" }, Scope.USERS_READ)).toBe("UNAUTHENTICATED");
    expect(refusal(key(Scope.USERS_READ), Scope.USERS_WRITE)).toBe("FORBIDDEN");
    expect(refusal(user, Scope.SESSIONS_READ, YOU)).toBe("FORBIDDEN");
    expect(refusal(user, Scope.SESSIONS_READ, ME)).toBeUndefined();
    expect(refusal({ kind: "admin" }, Scope.API_KEYS_WRITE)).toBeUndefined();
  });
});
