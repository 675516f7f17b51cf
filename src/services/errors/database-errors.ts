import { pgErrorOf } from "#src/db/index.js";
import { DomainError } from "./domain-error.js";
import { ErrorCode } from "./codes.js";

export function uniqueViolation(error: unknown): string | undefined {
  const pg = pgErrorOf(error);
  if (pg?.code !== "23505") return undefined;
  return pg.constraint_name ?? pg.constraint ?? "";
}

/** Connection-class failures (SQLSTATE 08xxx, 57P0x, socket errors) mean the store is unavailable. */
export function isUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    const message = String((e as { message?: unknown }).message ?? "");
    if (typeof code === "string" && (/^08/.test(code) || /^57P0/.test(code) || code === "CONNECT_TIMEOUT"
      || code === "ECONNREFUSED" || code === "ECONNRESET" || code === "CONNECTION_ENDED" || code === "CONNECTION_DESTROYED"
      || code === "CONNECTION_CLOSED")) return true;
    if (/PGlite is closed|database closed/i.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps a unique-constraint name to the domain error a caller should see. */
export function conflictFrom(error: unknown, byConstraint: Record<string, () => DomainError>): DomainError | undefined {
  const constraint = uniqueViolation(error);
  if (constraint === undefined) return undefined;
  return byConstraint[constraint]?.() ?? new DomainError(ErrorCode.BAD_USER_INPUT, "a unique value is already taken");
}
