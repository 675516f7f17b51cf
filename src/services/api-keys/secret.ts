import { randomBytes } from "node:crypto";

/** Keys read `idk_<prefix>_<secret>`: the prefix finds the row, the secret is checked by hash. */
export const API_KEY_PATTERN = /^idk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function newApiKeySecret(): { prefix: string; secret: string; token: string } {
  const prefix = randomBytes(9).toString("base64url").replace(/[-_]/g, "0").slice(0, 12);
  const secret = randomBytes(32).toString("base64url");
  return { prefix, secret, token: `idk_${prefix}_${secret}` };
}
