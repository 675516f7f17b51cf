import { reply, type Reply } from "#compat/kit/index.js";

/** The deployed service's default message of a success. */
export const HANDLED = "Action handled successfully";

/** Every answer of the contract: {success, message, ...data}. */
export const envelope = (status: number, message: string, data: Record<string, unknown> = {}, headers?: Record<string, string>): Reply =>
  reply(status, { success: status < 400, message, ...data }, headers);

export const ok = (data: Record<string, unknown> = {}, headers?: Record<string, string>): Reply => envelope(200, HANDLED, data, headers);

/** A request the contract cannot read (not JSON, wrong field types, NUL, bytes that are not UTF-8). */
export const invalidRequest = (message: string, status = 400): Reply => envelope(status, message);
