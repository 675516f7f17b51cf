import { pgErrorOf } from "#src/db/index.js";
import { DomainError } from "./domain-error.js";
import { ErrorCode } from "./codes.js";

export function uniqueViolation(error: unknown): string | undefined {
  const pg = pgErrorOf(error);
  if (pg?.code !== "23505") return undefined;
  return pg.constraint_name ?? pg.constraint ?? "";
}

/**
 * Driver and socket codes of a store that cannot be reached: refused, reset, timed out, no route,
 * a connection the driver ended or lost (postgres.js CONNECT_TIMEOUT, CONNECTION_*).
 */
const UNREACHABLE = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN",
  "CONNECT_TIMEOUT", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECTION_CLOSED",
]);

/**
 * Connection-class failures mean the store is unavailable (a 503, worth retrying), not a fault of
 * the request: SQLSTATE class 08 (connection exception), 57P01–57P05 (shut down, crash, cannot
 * connect now, idle-session timeout), 53300 (too many connections), and the codes above.
 */
export function isUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    const message = String((e as { message?: unknown }).message ?? "");
    if (typeof code === "string" && (/^08/.test(code) || /^57P0/.test(code) || code === "53300" || UNREACHABLE.has(code))) return true;
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
