import { describe, expect, it } from "vitest";
import { holdsAll } from "./permission-match.js";

describe("holdsAll", () => {
  const held = ["app:read", "auth:org:1234", "reports/q1"];
  it("needs every wanted permission", () => {
    expect(holdsAll(held, [])).toBe(true);
    expect(holdsAll(held, ["app:read", "reports/q1"])).toBe(true);
    expect(holdsAll(held, ["app:read", "app:write"])).toBe(false);
  });
  it("matches * across any characters, case-sensitively, and nothing else as a pattern", () => {
    expect(holdsAll(held, ["auth:org:*"])).toBe(true);
    expect(holdsAll(held, ["*:read"])).toBe(true);
    expect(holdsAll(held, ["AUTH:*"])).toBe(false);
    expect(holdsAll(held, ["app.read"])).toBe(false);
    expect(holdsAll(held, ["reports/q?"])).toBe(false);
    expect(holdsAll(["a(b)"], ["a(*"])).toBe(true);
  });
});
