import { Ajv } from "ajv";
import { and, count, eq } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { generate } from "otplib";
import { expect } from "vitest";
import { tables } from "#src/db/index.js";
import type { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { startBrokerServer } from "./broker-client.js";
import type { RamlValidator } from "./raml-schemas.js";

export const ORIGIN = "https://login.example.com";
export const OTHER_ORIGIN = "https://other.example.com";
export const RP_ID = "example.com";

/** A broker server whose relying parties are two origins under example.com, on a hand-moved clock. */
export function startMfaServer(clock: ManualClock): Promise<TestServer> {
  return startBrokerServer({ clock, env: { RP_ORIGINS: `${ORIGIN},${OTHER_ORIGIN}`, RP_ID, RP_NAME: "Example IdP" } });
}

let sequence = 0;

export interface Employee {
  id: string;
  employeeId: string;
  username: string;
  email: string;
  managerEmail: string | null;
}

/** A user made through the graph (the broker's own POST /user is tested beside its routes). */
export async function createEmployee(server: TestServer, options: { managerEmail?: string | null; requireMfa?: boolean } = {}): Promise<Employee> {
  sequence += 1;
  const n = `${process.pid}x${sequence}`;
  const managerEmail = options.managerEmail === undefined ? `boss_${n}@example.org` : options.managerEmail;
  const input = { username: `emp_${n}`, email: `emp_${n}@example.org`, employeeId: `M${n}`, firstName: "Ann", lastName: "Lee", managerEmail, requireMfa: options.requireMfa ?? false };
  const res = await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input });
  expect(res.errors).toBeUndefined();
  return { id: res.data!.createUser.id, employeeId: input.employeeId, username: input.username, email: input.email, managerEmail };
}

/** The digits of the newest message to an address that has a code of that length. */
export async function codeSentTo(server: TestServer, to: string, digits: number): Promise<string> {
  const res = await server.gql(`query($to: String) { outboxMessages(to: $to, first: 20) { text } }`, { to });
  for (const message of res.data!.outboxMessages as { text: string }[]) {
    const match = new RegExp(`(?<!\\d)(\\d{${digits}})(?!\\d)`, "m").exec(message.text);
    if (match) return match[1]!;
  }
  throw new Error(`no ${digits}-digit code was sent to ${to}`);
}

export async function subjectsTo(server: TestServer, to: string): Promise<string[]> {
  const res = await server.gql(`query($to: String) { outboxMessages(to: $to, first: 100) { subject } }`, { to });
  return (res.data!.outboxMessages as { subject: string }[]).map((m) => m.subject);
}

/** The TOTP code an authenticator app would show at the server's time. */
export const totpAt = (secret: string, clock: ManualClock, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSeconds });

/** Rows that bad input must leave alone: every MFA table, the outbox and the audit log. */
export async function footprint(server: TestServer) {
  const db = server.database.db;
  const n = async (table: PgTable) => Number((await db.select({ n: count() }).from(table))[0]!.n);
  return {
    mfas: await n(tables.mfas),
    codes: await n(tables.mfaCodes),
    credentials: await n(tables.mfaWebauthnCredentials),
    failures: await n(tables.mfaFailedAttempts),
    methods: await n(tables.recoveryMethods),
    outbox: await n(tables.outboxMessages),
    audit: await n(tables.auditEvents),
  };
}

export async function failedAttempts(server: TestServer, mfaId: number): Promise<number> {
  const f = tables.mfaFailedAttempts;
  return Number((await server.database.db.select({ n: count() }).from(f).where(and(eq(f.mfaId, mfaId))))[0]!.n);
}

/**
 * The RAML types MfaCreationResponse as `{id: integer, data: string[]}`; the issue gives TOTP and
 * WebAuthn an object there, so those bodies are checked against the same type with `data` an object.
 */
export function expectCreationWithObjectData(raml: RamlValidator, body: unknown): void {
  const schema = raml.schemas.schemaOf("MfaCreationResponse") as { $ref: string; definitions: Record<string, any> };
  const name = schema.$ref.split("/").pop()!;
  const creation = { ...schema.definitions[name], properties: { ...schema.definitions[name].properties, data: { type: "object" } } };
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile({ ...creation, definitions: schema.definitions });
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
}
