import { ErrorCode } from "./codes.js";

/** An expected failure with a stable code; its message is safe to show to the caller. */
export class DomainError extends Error {
  /** A code from codes.ts or from a feature's own code map (e.g. services/mfa/error-codes.ts). */
  readonly code: string;
  /** Which input field the error concerns, when one does. */
  readonly field: string | undefined;

  constructor(code: ErrorCode | (string & {}), message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DomainError";
    this.code = code;
    this.field = options.field;
  }
}

export function assertThat(condition: unknown, error: () => DomainError): asserts condition {
  if (!condition) throw error();
}

export const notFound = (code: ErrorCode | (string & {}), what: string) => new DomainError(code, `${what} not found`);
