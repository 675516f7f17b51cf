import { describe, expect, it } from "vitest";
import { DomainError } from "#src/services/errors/index.js";
import { decodeCursor, encodeCursor, toPage } from "./cursor.js";

const ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const b64 = (text: string) => Buffer.from(text).toString("base64url");

function rejection(cursor: string, keys: readonly string[]): DomainError {
  try {
    decodeCursor(cursor, keys);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`${cursor} was accepted`);
}

describe("cursors", () => {
  it("round-trip the keyset values, as URL-safe text", () => {
    const cursor = encodeCursor({ createdAt: "2026-01-01T00:00:00.000Z", id: ID });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ["createdAt", "id"])).toEqual({ createdAt: "2026-01-01T00:00:00.000Z", id: ID });
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["JSON null", b64("null")],
    ["a JSON array", b64("[1]")],
    ["a JSON string", b64('"x"')],
    ["a missing key", encodeCursor({ id: ID })],
    ["an id that is not a UUID", encodeCursor({ createdAt: "2026-01-01T00:00:00.000Z", id: "42" })],
    ["a time that is not a time", encodeCursor({ createdAt: "soon", id: ID })],
    ["a number where a string belongs", b64(JSON.stringify({ createdAt: 5, id: ID }))],
  ])("reject %s with BAD_USER_INPUT on the field after", (_name, cursor) => {
    const error = rejection(cursor, ["createdAt", "id"]);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", field: "after", message: "after is not a cursor this API returned" });
  });
});

describe("toPage", () => {
  const cursorOf = (n: number) => `c${n}`;

  it("cuts the extra row and points at the last row kept", () => {
    expect(toPage([1, 2, 3, 4], 3, cursorOf)).toEqual({ nodes: [1, 2, 3], hasNextPage: true, endCursor: "c3" });
  });

  it("has no next page and no cursor when the rows fit", () => {
    expect(toPage([1, 2, 3], 3, cursorOf)).toEqual({ nodes: [1, 2, 3], hasNextPage: false, endCursor: null });
    expect(toPage([], 3, cursorOf)).toEqual({ nodes: [], hasNextPage: false, endCursor: null });
  });
});
