import { DomainError, ErrorCode } from "../../errors/index.js";

const MAX_URL_LENGTH = 2048;

/** Only absolute http(s) URLs: no file:, data: or other scheme a fetch might follow. */
export function checkWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, "url must be an absolute http(s) URL", { field: "url" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DomainError(ErrorCode.BAD_USER_INPUT, "url must be http or https", { field: "url" });
  if (value.length > MAX_URL_LENGTH) throw new DomainError(ErrorCode.BAD_USER_INPUT, `url must be at most ${MAX_URL_LENGTH} characters`, { field: "url" });
  return url.href;
}
