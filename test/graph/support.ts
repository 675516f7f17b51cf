import { count } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { graphql } from "graphql";
import { classifyError, createLoaders, graphSchema, type GraphQLContext } from "#src/graphql/index.js";
import type { Principal } from "#src/services/access/index.js";
import type { SessionKind } from "#src/db/schema/index.js";
import { ADMIN_KEY, type GraphQLResponse, type TestServer } from "#test/support/server.js";

/** The code of the first error, as a client reads it. */
export const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

export const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id username email employeeId active deactivatedAt } }`;

export interface CreatedUser {
  id: string;
  username: string;
  email: string | null;
}

/** Creates a user through the graph as the admin; fails the test on any error. */
export async function createUser(server: TestServer, input: Record<string, unknown>): Promise<CreatedUser> {
  const res = await server.gql(CREATE_USER, { input });
  if (res.errors) throw new Error(`createUser failed: ${JSON.stringify(res.errors)}`);
  return res.data!.createUser as CreatedUser;
}

/** Opens sessions the way login flows do, through the service. */
export async function openSessions(server: TestServer, userId: string, n: number, kind: SessionKind = "browser"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await server.services.sessions.create({ userId, kind })).id);
  return ids;
}

export async function countRows(server: TestServer, table: PgTable): Promise<number> {
  const [row] = await server.database.db.select({ n: count() }).from(table);
  return row!.n;
}

/** POSTs to /graphql with a raw Authorization header (or none), keeping the HTTP status. */
export async function postGraphQL(server: TestServer, body: unknown, authorization?: string): Promise<{ status: number; body: GraphQLResponse }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${server.publicUrl}/graphql`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as GraphQLResponse };
}

export const adminBearer = `Bearer ${ADMIN_KEY}`;

/**
 * Runs an operation in process as the given principal (user access tokens come in a later issue),
 * with the same context the HTTP route builds; errors carry the code the formatter would send.
 */
export async function runAs(server: TestServer, principal: Principal, query: string, variables: Record<string, unknown> = {}) {
  const contextValue: GraphQLContext = {
    principal,
    services: server.services,
    loaders: createLoaders(server.services),
    defaultRealm: server.config.defaultRealm,
    client: { ip: null, userAgent: null },
  };
  const result = await graphql({ schema: await graphSchema(), source: query, variableValues: variables, contextValue });
  return {
    data: result.data as Record<string, any> | null | undefined,
    errors: result.errors?.map((e) => ({ message: e.message, path: e.path, extensions: { code: classifyError(e).code } })),
  };
}

export const userPrincipal = (user: { id: string; realmId: string }): Principal => ({ kind: "user", userId: user.id, realmId: user.realmId, scopes: [] });
