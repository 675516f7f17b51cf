import { describe, expect, it } from "vitest";
import { findMalformedText, isPercentEncodedUtf8 } from "./hostile-input.js";

describe("findMalformedText", () => {
  it("accepts storable text, including characters outside the BMP as surrogate pairs", () => {
    expect(findMalformedText({ name: "Zoë 😀 名前", list: ["a", 1, null, true, { deep: "\ud83d\ude00" }] })).toBeUndefined();
  });

  it.each([
    [{ username: "a\u0000" }, "username must not contain NUL characters"],
    [{ actor: { type: "x\u0000" } }, "actor.type must not contain NUL characters"],
    [{ list: ["ok", "\ud800"] }, "list.1 must not contain unpaired UTF-16 surrogates"],
    [{ v: "\udc00x" }, "v must not contain unpaired UTF-16 surrogates"],
    [{ v: "x\ud83d" }, "v must not contain unpaired UTF-16 surrogates"],
    [{ "a\u0000": 1 }, "a field name must not contain NUL characters"],
    [{ outer: { "\ud800": 1 } }, "a field name in outer must not contain unpaired UTF-16 surrogates"],
    ["\u0000", "the request body must not contain NUL characters"],
  ])("names where the first problem is: %j", (value, message) => {
    expect(findMalformedText(value)).toBe(message);
  });

  it("walks a body nested deeper than the call stack would allow", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findMalformedText(deep)).toMatch(/must not contain NUL characters$/);
  });
});

describe("isPercentEncodedUtf8", () => {
  it.each([
    ["", true],
    ["a=1&b=two+words", true],
    ["name=Zo%C3%AB", true],
    ["emoji=%F0%9F%98%80", true],
    ["note=50%", true], // a stray % is itself, as querystring reads it
    ["x=%zz", true],
    ["x=%00", true], // valid UTF-8: the NUL is caught on the parsed value
    ["x=%ED%A0%80", false], // an encoded surrogate
    ["x=%FF", false],
    ["x=%C3", false], // truncated
    ["x=%C0%80", false], // overlong
    ["x=\u00ed\u00a0\u0080", false], // raw bytes, as Node hands them over (latin1)
  ])("%j → %s", (text, expected) => {
    expect(isPercentEncodedUtf8(text)).toBe(expected);
  });

  it("reads a Buffer as its bytes", () => {
    expect(isPercentEncodedUtf8(Buffer.from([0x61, 0x3d, 0xc3, 0xa9]))).toBe(true);
    expect(isPercentEncodedUtf8(Buffer.from([0x61, 0x3d, 0xe9]))).toBe(false);
  });
});
