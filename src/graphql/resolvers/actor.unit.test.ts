import { describe, expect, it } from "vitest";
import type { Principal } from "#src/services/access/index.js";
import { actingAs, withoutNulls } from "./actor.js";

describe("actingAs", () => {
  const named = { type: "support", id: "agent-7" };

  it("takes a named actor from admins and trusted services", () => {
    expect(actingAs({ kind: "admin" }, named)).toEqual({ type: "support", id: "agent-7" });
    expect(actingAs({ kind: "service", name: "galaxy" }, { type: "system" })).toEqual({ type: "system", id: null });
  });

  it.each<Principal>([
    { kind: "api_key", keyId: "k", scopes: ["admin"] },
    { kind: "user", userId: "u", realmId: "r", scopes: [] },
    { kind: "anonymous" },
  ])("refuses a named actor from a $kind caller with FORBIDDEN", (principal) => {
    expect(() => actingAs(principal, named)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("records the caller itself when no actor is named", () => {
    expect(actingAs({ kind: "api_key", keyId: "k1", scopes: [] }, null)).toEqual({ type: "api_key", id: "k1" });
    expect(actingAs({ kind: "user", userId: "u1", realmId: "r", scopes: [] }, undefined)).toEqual({ type: "user", id: "u1" });
    expect(actingAs({ kind: "admin" }, undefined)).toEqual({ type: "admin" });
  });
});

describe("withoutNulls", () => {
  it("drops undefined always and null only for columns that cannot be null", () => {
    const input = { username: null, active: null, displayName: null, email: "a@b.c", locale: undefined };
    expect(withoutNulls(input, ["username", "active"])).toEqual({ displayName: null, email: "a@b.c" });
  });

  it("keeps false and empty values", () => {
    expect(withoutNulls({ active: false, groups: [], displayName: "" }, ["active", "groups"])).toEqual({ active: false, groups: [], displayName: "" });
  });
});
