import { request } from "node:http";
import { startTestServer, type TestServer } from "#test/support/server.js";
import type { StartOptions } from "#src/http/index.js";
import { ramlValidator, type RamlValidator } from "./raml-schemas.js";

/** The static API_ACCESS_KEYS of every broker test server. */
export const BROKER_KEYS = ["broker-key-one-0123456789", "broker-key-two-0123456789"] as const;
export const BROKER_KEY = BROKER_KEYS[0];
export const RP_ORIGIN = "https://login.example.com";

export interface BrokerResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body. */
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** Bearer key; null sends no Authorization header. Defaults to BROKER_KEY. */
  key?: string | null;
  /** A raw body with its content type, instead of JSON. */
  raw?: { body: string; type: string };
  headers?: Record<string, string>;
}

/** node:http rather than fetch: the broker takes a body even on GET (GET /method/{uid}). */
function send(url: string, method: string, headers: Record<string, string>, payload: string | undefined) {
  return new Promise<{ status: number; text: string; headers: Headers }>((resolve, reject) => {
    const req = request(url, { method, headers: payload === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(payload)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, v);
        }
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), headers: responseHeaders });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A server with the broker's settings: two static keys and one allowed relying-party origin. */
export function startBrokerServer(options: StartOptions & { env?: Record<string, string> } = {}): Promise<TestServer> {
  return startTestServer({ ...options, env: { API_ACCESS_KEYS: BROKER_KEYS.join(","), RP_ORIGINS: RP_ORIGIN, IDP_NAME: "idp-test", ...options.env } });
}

/** Calls the broker on the public listener, as a relying party would. */
export function brokerClient(server: TestServer) {
  async function call(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<BrokerResponse> {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? BROKER_KEY : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let payload: string | undefined;
    if (options.raw) {
      payload = options.raw.body;
      headers["content-type"] = options.raw.type;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["content-type"] = "application/json";
    }
    const res = await send(`${server.publicUrl}${path}`, method, headers, payload);
    return { status: res.status, body: res.text === "" ? undefined : JSON.parse(res.text), headers: res.headers };
  }
  return {
    call,
    get: (path: string, options?: CallOptions) => call("GET", path, undefined, options),
    post: (path: string, body?: unknown, options?: CallOptions) => call("POST", path, body, options),
    put: (path: string, body?: unknown, options?: CallOptions) => call("PUT", path, body, options),
    delete: (path: string, body?: unknown, options?: CallOptions) => call("DELETE", path, body, options),
  };
}

export type BrokerClient = ReturnType<typeof brokerClient>;

/** What every broker test file works with: a started server, a client of it, the RAML validator. */
export interface BrokerSuite {
  server: TestServer;
  broker: BrokerClient;
  raml: RamlValidator;
}

export async function brokerSuite(started: Promise<TestServer>): Promise<BrokerSuite> {
  const server = await started;
  return { server, broker: brokerClient(server), raml: ramlValidator() };
}

let sequence = 0;

/** A valid POST /user body with unique identifiers; override any field. */
export function newUserBody(overrides: Record<string, unknown> = {}): Record<string, any> {
  sequence += 1;
  const n = `${process.pid}${sequence}`;
  return {
    employee_id: `E${n}`,
    first_name: "Jane",
    last_name: "Doe",
    username: `jane_${n}`,
    email: `jane_${n}@example.org`,
    ...overrides,
  };
}

/** The newest outbox message to an address, read through GraphQL as an operator would. */
export async function latestMessageTo(server: TestServer, to: string): Promise<{ subject: string; text: string; createdAt: string } | undefined> {
  const res = await server.gql(`query($to: String) { outboxMessages(to: $to, first: 1) { subject text createdAt } }`, { to });
  return res.data?.outboxMessages?.[0];
}

export async function messagesTo(server: TestServer, to: string): Promise<{ subject: string; text: string }[]> {
  const res = await server.gql(`query($to: String) { outboxMessages(to: $to, first: 100) { subject text } }`, { to });
  return res.data?.outboxMessages ?? [];
}

export interface AuditRow {
  action: string;
  actorType: string;
  actorId: string | null;
  changes: Record<string, unknown>;
}

/** A user's audit events, newest first. */
export async function auditOf(server: TestServer, userId: string): Promise<AuditRow[]> {
  const res = await server.gql(`query($id: String) { auditEvents(subjectType: "user", subjectId: $id, first: 100) { action actorType actorId changes } }`, { id: userId });
  return res.data?.auditEvents ?? [];
}
