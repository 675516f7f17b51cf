import { desc, eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { ApiKeyRow } from "#src/db/schema/index.js";
import { isScope, type Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError, ErrorCode, isId, notFound } from "../errors/index.js";
import { hashHighEntropySecret, highEntropySecretMatches } from "../secrets/index.js";
import { API_KEY_PATTERN, newApiKeySecret } from "./secret.js";

export interface NewApiKey {
  name: string;
  scopes: string[];
  expiresAt?: Date | null;
}

export function createApiKeyService({ db, clock }: ServiceDeps) {
  /** Returns the key's token once; only its hash is stored. */
  async function create(input: NewApiKey, actor: Actor): Promise<{ key: ApiKeyRow; token: string }> {
    const unknown = input.scopes.filter((s) => !isScope(s));
    if (unknown.length > 0) throw new DomainError(ErrorCode.BAD_USER_INPUT, `unknown scope: ${unknown.join(", ")}`, { field: "scopes" });
    if (input.name.trim() === "") throw new DomainError(ErrorCode.BAD_USER_INPUT, "name must not be blank", { field: "name" });
    const { prefix, secret, token } = newApiKeySecret();
    const key = await db.transaction(async (tx) => {
      const now = clock.now();
      const [row] = await tx
        .insert(tables.apiKeys)
        .values({ name: input.name.trim(), prefix, secretHash: hashHighEntropySecret(secret), scopes: [...new Set(input.scopes)], expiresAt: input.expiresAt ?? null, createdAt: now })
        .returning();
      await recordAudit(tx, { action: "api_key.create", actor, subjectType: "api_key", subjectId: row!.id, changes: { name: row!.name, scopes: row!.scopes } }, now);
      return row!;
    });
    return { key, token };
  }

  /** The live key a bearer token names, or undefined. */
  async function authenticate(token: string): Promise<ApiKeyRow | undefined> {
    const match = API_KEY_PATTERN.exec(token);
    if (!match) return undefined;
    const [row] = await db.select().from(tables.apiKeys).where(eq(tables.apiKeys.prefix, match[1]!)).limit(1);
    if (!row || !highEntropySecretMatches(row.secretHash, match[2]!)) return undefined;
    const now = clock.now();
    if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined;
    return row;
  }

  async function revoke(id: string, actor: Actor): Promise<ApiKeyRow> {
    if (!isId(id)) throw notFound(ErrorCode.API_KEY_NOT_FOUND, "API key");
    return db.transaction(async (tx) => {
      const now = clock.now();
      const [row] = await tx.update(tables.apiKeys).set({ revokedAt: now }).where(eq(tables.apiKeys.id, id)).returning();
      if (!row) throw notFound(ErrorCode.API_KEY_NOT_FOUND, "API key");
      await recordAudit(tx, { action: "api_key.revoke", actor, subjectType: "api_key", subjectId: id }, now);
      return row;
    });
  }

  function list(): Promise<ApiKeyRow[]> {
    return db.select().from(tables.apiKeys).orderBy(desc(tables.apiKeys.id));
  }

  return { create, authenticate, revoke, list };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
