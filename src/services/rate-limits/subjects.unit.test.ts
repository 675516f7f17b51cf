import { describe, expect, it } from "vitest";
import { addressSubject, userSubject } from "./subjects.js";

describe("rate-limit subjects", () => {
  it("counts an IPv4 address as itself, also when IPv4-mapped", () => {
    expect(addressSubject("203.0.113.7")).toEqual({ type: "address", id: "203.0.113.7" });
    expect(addressSubject("::ffff:203.0.113.7")).toEqual({ type: "address", id: "203.0.113.7" });
  });

  it("counts an IPv6 address by its /64, which one host holds whole", () => {
    const a = addressSubject("2001:db8:0:1::1");
    expect(a).toEqual({ type: "address", id: "2001:db8:0:1::/64" });
    expect(addressSubject("2001:0db8:0000:0001:ffff:1:2:3")).toEqual(a);
    expect(addressSubject("2001:db8:0:2::1")).not.toEqual(a);
    expect(addressSubject("::1")).toEqual({ type: "address", id: "0:0:0:0::/64" });
  });

  it("skips what is not known", () => {
    expect(addressSubject(null)).toBeUndefined();
    expect(addressSubject("")).toBeUndefined();
    expect(userSubject(undefined)).toBeUndefined();
  });
});
