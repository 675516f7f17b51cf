import type { IncomingMessage } from "node:http";
import typeis from "type-is";
import { z } from "zod";

/** A parsed application/x-www-form-urlencoded body, as the kit's form parser leaves it. */
export interface Form {
  /** The first value of a parameter, as Keycloak reads it. */
  first(name: string): string | undefined;
  /** Some parameter came more than once (Keycloak refuses: "duplicated parameter"). */
  duplicated: boolean;
}

export const realmParams = z.object({ realm: z.string() });

/** The form routes are lean (they also run on node:http before express): they read node's own request. */
type FormRequest = IncomingMessage & { body?: unknown };

function hasBody(req: IncomingMessage): boolean {
  const { "content-length": length, "transfer-encoding": chunked } = req.headers;
  return chunked !== undefined || (length !== undefined && length !== "0");
}

/** The request's form, or undefined when it carries a body of another type (JSON, text, ...). */
export function formOf(req: FormRequest): Form | undefined {
  // What express's req.is does.
  if (hasBody(req) && !typeis(req, ["application/x-www-form-urlencoded"])) return undefined;
  const values = (req.body ?? {}) as Record<string, string | string[]>;
  return {
    first: (name) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      return Array.isArray(value) ? value[0] : value;
    },
    duplicated: Object.values(values).some(Array.isArray),
  };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

/** RFC 6749 §2.3.1: HTTP Basic (each half form-encoded) wins over client_id/client_secret in the form. */
export function clientCredentials(req: IncomingMessage, form: Form): { clientId: string | null; clientSecret: string | null } {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? "");
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  }
  return { clientId: form.first("client_id") ?? null, clientSecret: form.first("client_secret") ?? null };
}

/** The bearer token of an Authorization header; anything else is no token. Reads node:http's headers, as a lean route must. */
export function bearerToken(req: Pick<IncomingMessage, "headers">): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match ? match[1]! : null;
}
