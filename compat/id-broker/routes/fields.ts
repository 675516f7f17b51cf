import { brokerError } from "../replies.js";
import type { Parsed } from "./request.js";

/** Path ids of MFAs and their keys: `\d+` as deployed, within the store's integer range. */
export function pathInt(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : undefined;
}

/** A method uid in a path: exactly 32 characters of [A-Za-z0-9_-]. */
export const isMethodUid = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9_-]{32}$/.test(value);

/**
 * A body field that must be text when present. The deployed broker looks employees up by the
 * value as given, so a number is taken as its digits; null and absent are "not given".
 */
export function optionalText(body: Record<string, unknown>, name: string, numbers = false): Parsed<string | null> {
  const value = body[name];
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value === "string") return { ok: true, value };
  if (numbers && typeof value === "number" && Number.isSafeInteger(value)) return { ok: true, value: String(value) };
  return { ok: false, reply: brokerError(400, `${name} must be a string`) };
}

/** Reads several optional text fields, stopping at the first that is of the wrong type. */
export function textFields<K extends string>(body: Record<string, unknown>, names: readonly K[]): Parsed<Record<K, string | null>> {
  const values = {} as Record<K, string | null>;
  for (const name of names) {
    const parsed = optionalText(body, name, name === "employee_id");
    if (!parsed.ok) return parsed;
    values[name] = parsed.value;
  }
  return { ok: true, value: values };
}
