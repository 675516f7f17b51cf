/** What a PostgreSQL error carries, on postgres-js and on PGlite alike. */
export interface PgErrorFields {
  code: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

/** drizzle wraps driver errors: the first error in the cause chain that carries a SQLSTATE. */
export function pgErrorOf(error: unknown): PgErrorFields | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const candidate = e as Partial<PgErrorFields>;
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate as PgErrorFields;
    e = candidate.cause;
  }
  return undefined;
}
