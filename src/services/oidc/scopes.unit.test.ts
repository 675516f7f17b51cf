import { describe, expect, it } from "vitest";
import { DomainError } from "../errors/index.js";
import { OidcErrorCode } from "./error-codes.js";
import { grantScope, hasScope, narrowScope } from "./scopes.js";

describe("OIDC scopes", () => {
  it("always grants profile and email, openid when asked, and ignores scopes the server does not know", () => {
    expect(grantScope(undefined)).toBe("profile email");
    expect(grantScope("openid")).toBe("openid profile email");
    expect(grantScope("email openid  phone")).toBe("openid profile email");
  });

  it("lets a refresh drop openid but never add it", () => {
    expect(narrowScope("openid profile email", undefined)).toBe("openid profile email");
    expect(narrowScope("openid profile email", "profile")).toBe("profile email");
    const widened = (() => {
      try {
        return narrowScope("profile email", "openid email");
      } catch (error) {
        return error;
      }
    })();
    expect(widened).toBeInstanceOf(DomainError);
    expect(widened).toMatchObject({ code: OidcErrorCode.INVALID_SCOPE, message: "Invalid scopes: openid" });
  });

  it("matches whole words only", () => {
    expect(hasScope("openid profile", "openid")).toBe(true);
    expect(hasScope("openidx profile", "openid")).toBe(false);
  });
});
