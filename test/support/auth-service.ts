import { parseSetCookie, type SetCookie } from "cookie";
import { expect } from "vitest";
import type { TestServer } from "./server.js";

export const AUTH_PASSWORD = "correct horse battery";

export interface AuthAnswer {
  status: number;
  headers: Headers;
  body: any;
  /** The refreshId Set-Cookie, parsed, when the answer sets one. */
  cookie: SetCookie | undefined;
}

/** A ticket as a client holds it: the Authentication header's value and the refreshId cookie's value. */
export interface Ticket {
  token: string;
  cookie: string;
}

export interface CallOptions {
  token?: string;
  cookie?: string;
  /** Header name for the token: Authentication unless given. */
  tokenHeader?: string;
  body?: unknown;
  /** A body sent as is, with its content type. */
  raw?: { body: string | Buffer; type: string };
  headers?: Record<string, string>;
}

async function answerOf(res: Response): Promise<AuthAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const setCookie = res.headers.getSetCookie().find((value) => value.startsWith("refreshId="));
  return { status: res.status, headers: res.headers, body, cookie: setCookie ? parseSetCookie(setCookie) : undefined };
}

/** Calls a path of the contract on a listener, with a ticket's parts as a browser or a service sends them. */
export async function authCall(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<AuthAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers[options.tokenHeader ?? "Authentication"] = options.token;
  if (options.cookie !== undefined) headers.cookie = `refreshId=${encodeURIComponent(options.cookie)}`;
  const init: RequestInit = { method, headers };
  if (options.raw) {
    headers["content-type"] = options.raw.type;
    init.body = options.raw.body;
  } else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  return answerOf(await fetch(`${baseUrl}${path}`, init));
}

let users = 0;

/** A user of the default realm with a password, through the graph; numericId is the contract's userId. */
export async function newAuthUser(server: TestServer, fields: Record<string, unknown> = {}) {
  users += 1;
  const username = `auth-user-${users}-${Math.random().toString(36).slice(2, 8)}`;
  const created = await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id numericId username } }`, {
    input: { username, email: `${username}@example.com`, ...fields },
  });
  expect(created.errors).toBeUndefined();
  const user = created.data!.createUser as { id: string; numericId: number; username: string };
  const set = await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: user.id, p: AUTH_PASSWORD });
  expect(set.errors).toBeUndefined();
  return user;
}

/** Logs in through the contract and returns the ticket, checking the answer's form on the way. */
export async function loginTicket(server: TestServer, username: string, password = AUTH_PASSWORD): Promise<Ticket & { answer: AuthAnswer }> {
  const answer = await authCall(server.publicUrl, "POST", "/system/auth/login", { body: { username, password } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const token = answer.headers.get("authentication");
  expect(token).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  expect(answer.cookie?.value).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  return { token: token!, cookie: answer.cookie!.value!, answer };
}

/** The JWT payload of a ticket part, unverified (tests read what the server put in). */
export function claimsOf(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part.replace(/^bearer /i, "").split(".")[1]!, "base64url").toString("utf8"));
}

/** The status of a session in the graph, as an admin reads it. */
export async function sessionStatus(server: TestServer, id: string): Promise<{ status: string; revokeReasonCode: string | null; revokeActorType: string | null; revokeActorId: string | null; kind: string }> {
  const res = await server.gql(`query($id: ID!) { session(id: $id) { status kind revokeReasonCode revokeActorType revokeActorId } }`, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.session;
}
