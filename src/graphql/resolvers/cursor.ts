import { DomainError, ErrorCode, isId } from "#src/services/errors/index.js";

/** Cursors are opaque to clients: base64url JSON of the keyset values. */
export function encodeCursor(values: Record<string, string>): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string> {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    const values = parsed as Record<string, unknown>;
    const wellFormed = (k: string) =>
      typeof values[k] === "string" && (k !== "id" || isId(values[k] as string)) && (k !== "createdAt" || !Number.isNaN(Date.parse(values[k] as string)));
    if (parsed && typeof parsed === "object" && keys.every(wellFormed)) return values as Record<K, string>;
  } catch {
    // fall through to the error below
  }
  throw new DomainError(ErrorCode.BAD_USER_INPUT, "after is not a cursor this API returned", { field: "after" });
}

/** Fetches one extra row to know whether another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string) {
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  return { nodes, hasNextPage: rows.length > limit, endCursor: last && rows.length > limit ? cursorOf(last) : null };
}
