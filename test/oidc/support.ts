import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { count } from "drizzle-orm";
import { expect } from "vitest";
import { tables } from "#src/db/index.js";
import { openApiValidator } from "#test/support/openapi.js";
import type { TestServer } from "#test/support/server.js";

export const SPEC = fileURLToPath(new URL("../../../shared/specs/lacpass-auth.openapi.yaml", import.meta.url));
export const TOKEN_PATH = "/realms/{realm}/protocol/openid-connect/token";
export const USERINFO_PATH = "/realms/{realm}/protocol/openid-connect/userinfo";
export const PASSWORD = "correct horse battery";

/** The token endpoint's 200 body. */
export interface TokenBody {
  access_token: string;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token: string;
  token_type: string;
  id_token?: string;
  session_state: string;
  scope: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
}

async function answer(res: Response): Promise<HttpAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** POSTs an application/x-www-form-urlencoded body; pairs allow repeated names. */
export async function postForm(url: string, form: Record<string, string> | [string, string][], headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const body = new URLSearchParams(form).toString();
  return answer(await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body }));
}

export async function request(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  return answer(await fetch(url, init));
}

export const protocolUrl = (server: TestServer, realm: string, path: string) => `${server.publicUrl}/realms/${realm}/protocol/openid-connect${path}`;

/** The OpenAPI document's own schemas: responses it documents, and its Error schema for the 400s it leaves out. */
export async function lacpassSpec() {
  const responses = await openApiValidator(SPEC);
  const api = (await SwaggerParser.dereference(SPEC)) as any;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const errorSchema = ajv.compile(api.components.schemas.Error);
  return {
    ...responses,
    /** Every OAuth error body: the spec's Error schema, and both fields present. */
    expectError(body: unknown, error: string, description?: string) {
      expect(errorSchema(body), ajv.errorsText(errorSchema.errors)).toBe(true);
      expect(body).toMatchObject({ error, ...(description === undefined ? {} : { error_description: description }) });
    },
  };
}

let users = 0;

/** A user with a password in a realm (the default one unless named), through the graph. */
export async function newUser(server: TestServer, fields: Record<string, unknown> = {}, realm?: string) {
  users += 1;
  const username = (fields.username as string) ?? `oidc-user-${users}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id username email } }`, {
    input: { username, email: `${username}@example.com`, ...(realm ? { realm } : {}), ...fields },
  });
  expect(created.errors).toBeUndefined();
  const user = created.data!.createUser as { id: string; username: string; email: string };
  const set = await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: user.id, p: PASSWORD });
  expect(set.errors).toBeUndefined();
  return user;
}

export async function passwordGrant(server: TestServer, username: string, extra: Record<string, string> = {}, realm = "master") {
  return postForm(protocolUrl(server, realm, "/token"), { grant_type: "password", client_id: "app", username, password: PASSWORD, scope: "openid", ...extra });
}

export async function refresh(server: TestServer, refreshToken: string, extra: Record<string, string> = {}, realm = "master") {
  return postForm(protocolUrl(server, realm, "/token"), { grant_type: "refresh_token", client_id: "app", refresh_token: refreshToken, ...extra });
}

export async function userinfo(server: TestServer, accessToken: string | null, realm = "master") {
  return request(protocolUrl(server, realm, "/userinfo"), { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });
}

/** Rows a bad request must not touch: sessions, refresh tokens, signing keys, audit events. */
export async function rowCounts(server: TestServer) {
  const db = server.database.db;
  const [[sessions], [refreshTokens], [keys], [audit]] = await Promise.all([
    db.select({ n: count() }).from(tables.sessions),
    db.select({ n: count() }).from(tables.refreshTokens),
    db.select({ n: count() }).from(tables.signingKeys),
    db.select({ n: count() }).from(tables.auditEvents),
  ]);
  return { sessions: sessions!.n, refreshTokens: refreshTokens!.n, signingKeys: keys!.n, auditEvents: audit!.n };
}

/** A confidential client with the given grants; returns its secret. */
export async function confidentialClient(server: TestServer, clientId: string, grants = ["password", "refresh_token"], realm?: string) {
  const res = await server.gql(`mutation($input: CreateClientInput!) { createClient(input: $input) { secret } }`, {
    input: { clientId, public: false, grants, ...(realm ? { realm } : {}) },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.createClient.secret as string;
}
