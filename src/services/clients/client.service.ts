import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { ClientRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { cachedRows } from "../cache/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { conflictFrom, DomainError, ErrorCode, notFound } from "../errors/index.js";
import { verifySecret } from "../passwords/index.js";
import { addressSubject, clientSubject, createRateLimitService } from "../rate-limits/index.js";
import { HIGH_ENTROPY_HASH_PREFIX, hashHighEntropySecret, highEntropySecretMatches } from "../secrets/index.js";

export const GRANT_TYPES = ["password", "refresh_token", "authorization_code", "client_credentials"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];
export const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface NewClient {
  clientId: string;
  name?: string | null;
  public: boolean;
  grants: GrantType[];
  redirectUris?: string[];
}

export function createClientService(deps: ServiceDeps) {
  const { db, clock, changes } = deps;
  const rateLimits = createRateLimitService(deps);
  // Every token request reads its client. Misses are not kept, so creating needs no announcement;
  // an update or delete must announce "clients".
  const cached = cachedRows<ClientRow>("clients", changes);

  /** A confidential client gets a generated secret, returned once; only its hash is stored. */
  async function create(realmId: string, input: NewClient, actor: Actor): Promise<{ client: ClientRow; secret: string | null }> {
    if (!CLIENT_ID.test(input.clientId)) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, "clientId must be 1-128 letters, digits or . _ : -", { field: "clientId" });
    }
    const secret = input.public ? null : randomBytes(32).toString("base64url");
    const secretHash = secret ? clientSecretHash(secret) : null;
    try {
      const client = await db.transaction(async (tx) => {
        const now = clock.now();
        const [row] = await tx
          .insert(tables.clients)
          .values({ realmId, clientId: input.clientId, name: input.name ?? null, public: input.public, secretHash, grants: [...new Set(input.grants)], redirectUris: input.redirectUris ?? [], createdAt: now })
          .returning();
        await recordAudit(tx, { action: "client.create", actor, subjectType: "client", subjectId: row!.id, changes: { clientId: input.clientId, public: input.public, grants: row!.grants, redirectUris: row!.redirectUris } }, now);
        return row!;
      });
      return { client, secret };
    } catch (error) {
      throw conflictFrom(error, { clients_realm_client_id_key: () => new DomainError(ErrorCode.CLIENT_EXISTS, `client '${input.clientId}' already exists`, { field: "clientId" }) }) ?? error;
    }
  }

  function find(realmId: string, clientId: string): Promise<ClientRow | undefined> {
    return cached.get(`${realmId}:${clientId}`, async () => {
      const c = tables.clients;
      const [row] = await db.select().from(c).where(and(eq(c.realmId, realmId), eq(c.clientId, clientId))).limit(1);
      return row;
    });
  }

  async function require(realmId: string, clientId: string): Promise<ClientRow> {
    const row = await find(realmId, clientId);
    if (!row) throw notFound(ErrorCode.CLIENT_NOT_FOUND, `client '${clientId}'`);
    return row;
  }

  function list(realmId: string): Promise<ClientRow[]> {
    return db.select().from(tables.clients).where(eq(tables.clients.realmId, realmId)).orderBy(asc(tables.clients.clientId));
  }

  /**
   * Secrets are generated here with 256 random bits, so SHA-256 guards them as well as argon2id
   * would, at a cost that lets introspection authenticate its client on every call. Clients
   * created before this hold an argon2id hash: checked the slow way once, then rewritten.
   */
  async function secretMatches(client: ClientRow, secret: string): Promise<boolean> {
    const stored = client.secretHash;
    if (stored === null) return false;
    if (stored.startsWith(HIGH_ENTROPY_HASH_PREFIX)) return highEntropySecretMatches(stored.slice(HIGH_ENTROPY_HASH_PREFIX.length), secret);
    if (!(await verifySecret(stored, secret))) return false;
    await db.transaction(async (tx) => {
      const c = tables.clients;
      await tx.update(c).set({ secretHash: clientSecretHash(secret) }).where(and(eq(c.id, client.id), eq(c.secretHash, stored)));
      await cached.announce(tx);
    });
    cached.changed();
    return true;
  }

  /** The secret check under the brute-force rule: failures count per client, and per address where the flow knows it. */
  function verifyClientSecret(client: ClientRow, secret: string, ip?: string | null): Promise<boolean> {
    return rateLimits.check({ subjects: [clientSubject(client.id), addressSubject(ip)], field: "clientSecret", verify: () => secretMatches(client, secret) });
  }

  return { create, find, require, list, verifyClientSecret };
}

function clientSecretHash(secret: string): string {
  return `${HIGH_ENTROPY_HASH_PREFIX}${hashHighEntropySecret(secret)}`;
}

export type ClientService = ReturnType<typeof createClientService>;
