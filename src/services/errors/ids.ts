const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are UUIDs in storage but arrive as free strings (path segments, GraphQL IDs); a string
 * that cannot be an id names nothing, so lookups answer "not found" instead of a SQL error.
 */
export function isId(value: string): boolean {
  return UUID.test(value);
}
