import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { buildSchema, getNamedType, isLeafType, type GraphQLField } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allScopes } from "#src/services/access/index.js";
import { subscribe, type Subscription } from "#test/session-events/support.js";
import { ADMIN_KEY, startTestServer, type TestServer } from "#test/support/server.js";

/**
 * Every root field of the emitted schema, called by every kind of caller, each call a real request
 * against a running server. A cell's outcome is the code the field answered: UNAUTHENTICATED,
 * FORBIDDEN, or "ok" for anything past the access check (data, or a domain error about the input).
 */

const schema = buildSchema(readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"));
const PASSWORD = "matrix-passphrase-long-enough-42";

type Outcome = "ok" | "UNAUTHENTICATED" | "FORBIDDEN";
/** Callers: none; a user on its own records (self) or on someone else's (other); an org admin on its org (orgAdmin) or on another org (otherOrgAdmin); the admin key; an API key of each scope. */
const COLUMNS = ["anonymous", "self", "other", "orgAdmin", "otherOrgAdmin", "admin", ...allScopes.map((s) => `key:${s}` as const)] as const;
type Column = (typeof COLUMNS)[number];

/** What a cell's arguments point at: the caller's own records (self), an org it administers (orgAdmin), or someone else's. */
interface Target {
  column: Column;
  /** A user: the caller itself (self), a member of its org (orgAdmin), else a user the caller has nothing to do with. */
  user(): Promise<string>;
  employeeId(): Promise<string>;
  session(): Promise<string>;
  /** The caller's org (orgAdmin), else an org the caller has nothing to do with. */
  org(): Promise<string>;
  /** A role of org() without admin permissions. */
  role(): Promise<string>;
  /** A user in org(). */
  member(): Promise<string>;
  permission(): Promise<string>;
  mfa(): Promise<number>;
  recoveryUid(): Promise<string>;
  apiKey(): Promise<string>;
  webhook(): Promise<string>;
  block(): Promise<string>;
  realm(): Promise<string>;
}

type Args = (t: Target) => Promise<Record<string, unknown>> | Record<string, unknown>;

const self = (t: Target) => t.column === "self";
/** Fields that act on the caller without ids, or (orgId and userId) on a user an org admin manages. */
const callerOrManaged = async (t: Target, extra: Record<string, unknown> = {}) => (self(t) ? extra : { ...extra, orgId: await t.org(), userId: await t.member() });
const bogusId = () => randomUUID();

/** Minimal valid arguments of every root field: the row a new field must add. */
const ARGS: Record<string, Args> = {
  // Queries
  apiKeys: () => ({}),
  auditEvents: () => ({}),
  authTicket: () => ({ input: {} }),
  authenticateClient: () => ({ input: { clientId: "app" } }),
  blocks: async (t) => ({ userId: await t.user() }),
  hashValue: () => ({ value: "matrix" }),
  introspectToken: () => ({ input: { clientId: "app", token: "not-a-token" } }),
  jsonWebKeySet: () => ({}),
  mfaOptions: async (t) => ({ userId: await t.user() }),
  oidcUserInfo: () => ({ accessToken: "not-a-token" }),
  openIdConfiguration: () => ({}),
  org: async (t) => ({ id: await t.org() }),
  orgs: () => ({}),
  outboxMessages: () => ({}),
  passkeyAccount: (t) => callerOrManaged(t),
  passkeyResetLink: () => ({ passphrase: "no-such-passphrase" }),
  permissions: () => ({}),
  realm: () => ({ name: "master" }),
  realms: () => ({}),
  recoveryMethod: async (t) => ({ input: { uid: await t.recoveryUid(), userId: await t.user() } }),
  session: async (t) => ({ id: await t.session() }),
  storeAvailable: () => ({}),
  user: async (t) => ({ id: await t.user() }),
  userByEmployeeId: async (t) => ({ employeeId: await t.employeeId() }),
  userRecoveryMethods: async (t) => ({ userId: await t.user() }),
  userSessions: async (t) => ({ userId: await t.user() }),
  users: () => ({}),
  valueMatchesHash: () => ({ hash: "not-a-hash", value: "matrix" }),
  webhooks: () => ({}),
  // Mutations
  assessPassword: async (t) => ({ userId: await t.user(), password: "another-matrix-passphrase-77" }),
  authTicketLogin: () => ({ input: { username: "nobody-at-all", password: "wrong-password" } }),
  authenticate: () => ({ input: { username: "nobody-at-all", password: "wrong-password" } }),
  blockSubject: async (t) => ({ input: { userId: await t.user(), reasonCode: "matrix" } }),
  completeDeviceLogin: () => ({ challengeId: bogusId(), clientPublicKey: Buffer.alloc(32).toString("base64"), code: "000000" }),
  createApiKey: () => ({ input: { name: "matrix", scopes: ["users:read"] } }),
  createClient: () => ({ input: { clientId: `matrix-${randomUUID()}`, grants: ["password"], public: true } }),
  createInvite: async (t) => ({ userId: await t.user() }),
  createMfa: async (t) => ({ input: { type: "backupcode", userId: await t.user() } }),
  createOrg: () => ({ displayName: "Matrix org" }),
  createOrgUser: async (t) => ({ orgId: await t.org(), roleId: await t.role(), displayName: "Matrix member" }),
  createPasskeyLink: (t) => callerOrManaged(t),
  createPermission: () => ({ id: `matrix:${randomUUID()}`, displayName: "Matrix permission" }),
  createRealm: () => ({ input: { name: `matrix-${randomUUID().slice(0, 8)}` } }),
  createRecoveryMethod: async (t) => ({ input: { userId: await t.user(), value: "recovery@example.com" } }),
  createRole: async (t) => ({ orgId: await t.org(), displayName: "Matrix role", permissions: [] }),
  createUser: () => ({ input: { username: `matrix-${randomUUID()}` } }),
  createWebhook: () => ({ input: { url: "https://hooks.example.com/matrix", eventTypes: ["CREATED"] } }),
  deactivateUser: async (t) => ({ id: await t.user() }),
  deleteMfa: async (t) => ({ input: { mfaId: await t.mfa(), userId: await t.user() } }),
  deleteOrg: async (t) => ({ id: await t.org() }),
  deletePasskey: (t) => callerOrManaged(t, { id: bogusId() }),
  deletePermission: async (t) => ({ id: await t.permission() }),
  deleteRecoveryMethod: async (t) => ({ input: { uid: await t.recoveryUid(), userId: await t.user() } }),
  deleteRole: async (t) => ({ orgId: await t.org(), roleId: await t.role() }),
  deleteWebauthnCredential: async (t) => ({ input: { mfaId: await t.mfa(), credentialId: 1, userId: await t.user() } }),
  deleteWebhook: async (t) => ({ id: await t.webhook() }),
  endPasskeySession: async (t) => ({ id: await t.session() }),
  finishPasskeyAuthentication: () => ({ origin: "http://localhost", response: {} }),
  finishPasskeyRegistration: () => ({ origin: "http://localhost", response: {} }),
  oidcLogout: () => ({ input: { clientId: "app", refreshToken: "not-a-token" } }),
  passwordGrant: () => ({ input: { clientId: "app", username: "nobody-at-all", password: "wrong-password" } }),
  recordUserLogin: async (t) => ({ id: await t.user() }),
  refreshGrant: () => ({ input: { clientId: "app", refreshToken: "not-a-token" } }),
  removeBlock: async (t) => ({ id: await t.block() }),
  renameOrg: async (t) => ({ id: await t.org(), displayName: "Renamed org" }),
  renewPasskeySession: () => ({}),
  resendRecoveryMethodCode: async (t) => ({ input: { uid: await t.recoveryUid(), userId: await t.user() } }),
  revokeAllUserSessions: async (t) => ({ userId: await t.user(), reasonCode: "matrix" }),
  revokeApiKey: async (t) => ({ id: await t.apiKey() }),
  revokeSession: async (t) => ({ id: await t.session(), reasonCode: "matrix" }),
  revokeToken: () => ({ input: { clientId: "app", token: "not-a-token" } }),
  rotateSigningKeys: async (t) => ({ realm: await t.realm() }),
  setOrgPermission: async (t) => ({ orgId: await t.org(), permissionId: await t.permission(), granted: true }),
  setOrgUserRole: async (t) => ({ orgId: await t.org(), userId: await t.member(), roleId: await t.role() }),
  setPasskeyDisplayName: (t) => callerOrManaged(t, { displayName: "Renamed" }),
  setPassword: async (t) => ({ userId: await t.user(), password: "another-matrix-passphrase-77" }),
  startDeviceLogin: () => ({ email: "nobody-at-all@example.com" }),
  startPasskeyAuthentication: () => ({}),
  startPasskeyRegistration: () => ({ displayName: "Matrix passkey" }),
  updateMfaLabel: async (t) => ({ input: { mfaId: await t.mfa(), userId: await t.user(), label: "Renamed" } }),
  updatePermission: async (t) => ({ id: await t.permission(), displayName: "Renamed" }),
  updateRealm: async (t) => ({ name: await t.realm(), input: { displayName: "Renamed" } }),
  updateRole: async (t) => ({ orgId: await t.org(), roleId: await t.role(), displayName: "Renamed" }),
  updateUser: async (t) => ({ id: await t.user(), input: { firstName: "Renamed" } }),
  updateWebauthnCredential: async (t) => ({ input: { mfaId: await t.mfa(), credentialId: 1, userId: await t.user(), label: "Renamed" } }),
  verifyMfa: async (t) => ({ input: { mfaId: await t.mfa(), userId: await t.user(), value: "000000" } }),
  verifyRecoveryMethod: async (t) => ({ uid: await t.recoveryUid(), code: "000000" }),
  // Subscriptions (over graphql-ws; arguments are filters, the caller's rights decide what it sees)
  logoutSessionEvents: () => ({}),
  sessionEvents: () => ({}),
};

const rootFields = (["query", "mutation", "subscription"] as const).flatMap((operation) => {
  const type = operation === "query" ? schema.getQueryType() : operation === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  return Object.values(type?.getFields() ?? {}).map((field) => ({ operation, field }));
});

/** `mutation($a: T!) { f(a: $a) { __typename } }` with the arguments given. */
function documentOf(operation: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): string {
  const used = field.args.filter((a) => a.name in args);
  const variables = used.length ? `(${used.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ")})` : "";
  const passed = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  return `${operation}${variables} { ${field.name}${passed}${selection} }`;
}

function outcomeOf(errors: { extensions?: { code?: string } }[] | undefined): string {
  const code = errors?.[0]?.extensions?.code;
  if (code === undefined) return "ok";
  return code;
}

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * POST /graphql on a connection of its own: a reused keep-alive connection can be closed by the
 * server just as the next request goes out (ECONNRESET), which a busy machine makes likely.
 */
function post(server: TestServer, query: string, variables: Record<string, unknown>, bearer: string | null): Promise<Answer> {
  const payload = JSON.stringify({ query, variables });
  const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
  return new Promise((resolve, reject) => {
    const req = request(`${server.publicUrl}/graphql`, { method: "POST", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Memoises a fixture within one cell. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** Fixtures, made through the graph as the admin. */
function fixtures(server: TestServer) {
  const run = async (query: string, variables: Record<string, unknown> = {}, bearer: string | null = ADMIN_KEY) => {
    const { body } = await post(server, query, variables, bearer);
    if (body.errors) throw new Error(`fixture failed: ${query}: ${JSON.stringify(body.errors)}`);
    return body.data!;
  };
  const grant = async (username: string): Promise<string> =>
    (await run(`mutation($u: String!, $p: String!) { passwordGrant(input: {clientId: "app", username: $u, password: $p}) { accessToken } }`, { u: username, p: PASSWORD }, null)).passwordGrant.accessToken;
  const withPassword = async (userId: string, username: string) => {
    await run(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: userId, p: PASSWORD });
    return grant(username);
  };
  const f = {
    grant,
    async user(): Promise<{ id: string; username: string; employeeId: string }> {
      const name = `matrix-${randomUUID()}`;
      const data = await run(`mutation($i: CreateUserInput!) { createUser(input: $i) { id username employeeId } }`, { i: { username: name, email: `${name}@example.com`, employeeId: name } });
      return data.createUser;
    },
    async signedInUser() {
      const user = await f.user();
      return { ...user, token: await withPassword(user.id, user.username) };
    },
    async org(): Promise<{ id: string; adminRoleId: string }> {
      const data = await run(`mutation { createOrg(displayName: "Matrix org") { id roles { id } } }`);
      return { id: data.createOrg.id, adminRoleId: data.createOrg.roles[0].id };
    },
    role: async (orgId: string): Promise<string> => (await run(`mutation($o: ID!) { createRole(orgId: $o, displayName: "Plain", permissions: []) { id } }`, { o: orgId })).createRole.id,
    member: async (orgId: string, roleId: string): Promise<string> =>
      (await run(`mutation($o: ID!, $r: ID!) { createOrgUser(orgId: $o, roleId: $r, displayName: "Matrix member") { userId } }`, { o: orgId, r: roleId })).createOrgUser.userId,
    /** A user whose role holds its org's admin permission (`auth:org:{id}`), signed in with a password. */
    async orgAdmin() {
      const org = await f.org();
      const id = await f.member(org.id, org.adminRoleId);
      return { id, org, token: await withPassword(id, id) };
    },
    session: async (userId: string) => (await server.services.sessions.create({ userId, kind: "browser" })).id,
    permission: async (): Promise<string> => (await run(`mutation($id: ID!) { createPermission(id: $id, displayName: "Matrix") { id } }`, { id: `matrix:${randomUUID()}` })).createPermission.id,
    mfa: async (userId: string): Promise<number> => (await run(`mutation($u: ID!) { createMfa(input: {type: "backupcode", userId: $u}) { id } }`, { u: userId })).createMfa.id,
    recoveryUid: async (userId: string): Promise<string> =>
      (await run(`mutation($u: ID!) { createRecoveryMethod(input: {userId: $u, value: "recovery@example.com"}) { uid } }`, { u: userId })).createRecoveryMethod.uid,
    apiKey: async (): Promise<string> => (await run(`mutation { createApiKey(input: {name: "target", scopes: ["users:read"]}) { key { id } } }`)).createApiKey.key.id,
    webhook: async (): Promise<string> => (await run(`mutation { createWebhook(input: {url: "https://hooks.example.com/t", eventTypes: [CREATED]}) { webhook { id } } }`)).createWebhook.webhook.id,
    block: async (): Promise<string> => (await run(`mutation($u: ID!) { blockSubject(input: {userId: $u, reasonCode: "target"}) { block { id } } }`, { u: (await f.user()).id })).blockSubject.block.id,
    realm: async (): Promise<string> => (await run(`mutation($n: String!) { createRealm(input: {name: $n}) { name } }`, { n: `m-${randomUUID().slice(0, 8)}` })).createRealm.name,
  };
  return f;
}

type Fixtures = ReturnType<typeof fixtures>;

/** The caller of one cell (a bearer token, or none) and what its arguments point at. */
async function cell(f: Fixtures, column: Column, stable: { stranger: { id: string; username: string }; keys: Map<string, string> }): Promise<{ bearer: string | null; ownId?: string; target: Target }> {
  let bearer: string | null = null;
  let ownId: string | undefined;
  let user = once(async () => (await f.user()).id);
  let employeeId = once(async () => (await f.user()).employeeId);
  let org = once(async () => await f.org());
  if (column === "self") {
    const me = await f.signedInUser();
    [bearer, ownId] = [me.token, me.id];
    user = async () => me.id;
    employeeId = async () => me.employeeId;
  } else if (column === "other") {
    [bearer, ownId] = [await f.grant(stable.stranger.username), stable.stranger.id];
  } else if (column === "orgAdmin" || column === "otherOrgAdmin") {
    const admin = await f.orgAdmin();
    [bearer, ownId] = [admin.token, admin.id];
    if (column === "orgAdmin") org = async () => admin.org;
  } else if (column === "admin") {
    bearer = ADMIN_KEY;
  } else if (column.startsWith("key:")) {
    bearer = stable.keys.get(column.slice(4))!;
  }
  const role = once(async () => f.role((await org()).id));
  const member = once(async () => f.member((await org()).id, await role()));
  // An org admin's "someone" is a member of the org its arguments name.
  if (column === "orgAdmin" || column === "otherOrgAdmin") user = member;
  const target: Target = {
    column,
    user,
    employeeId,
    session: once(async () => f.session(await user())),
    org: async () => (await org()).id,
    role,
    member,
    permission: once(f.permission),
    mfa: once(async () => f.mfa(await user())),
    recoveryUid: once(async () => f.recoveryUid(await user())),
    apiKey: once(f.apiKey),
    webhook: once(f.webhook),
    block: once(f.block),
    realm: once(f.realm),
  };
  return { bearer, ownId, target };
}

/** Live once an event of the caller's own (or for a logout feed, an ended) session arrives; or refused. */
async function subscriptionOutcome(server: TestServer, sub: Subscription, userId: string, logout: boolean): Promise<string> {
  let refused: string | undefined;
  void sub.failure.then((reason) => (refused = Array.isArray(reason) ? outcomeOf(reason) : `closed: ${JSON.stringify(reason)}`));
  const made = new Set<string>();
  for (let tries = 0; tries < 100 && refused === undefined; tries++) {
    const session = await server.services.sessions.create({ userId, kind: "browser" });
    if (logout) await server.services.sessions.revoke(session.id, "warm_up", { type: "system" });
    made.add(session.id);
    if (await sub.waitFor((e) => made.has(e.sessionId), 300).then(() => true, () => false)) return "ok";
  }
  return refused ?? "never live";
}

async function callCell(server: TestServer, f: Fixtures, stable: Parameters<typeof cell>[2], operation: string, field: GraphQLField<unknown, unknown>, column: Column): Promise<string> {
  const { bearer, ownId, target } = await cell(f, column, stable);
  const args = await ARGS[field.name]!(target);
  if (operation === "subscription") {
    const sub = subscribe(server, field.name, bearer);
    try {
      return await subscriptionOutcome(server, sub, ownId ?? (await target.user()), field.name === "logoutSessionEvents");
    } finally {
      await sub.close();
    }
  }
  const { status, body } = await post(server, documentOf(operation, field, args), args, bearer);
  // A document or variables the server cannot take never reach the access check: the row's arguments are wrong.
  if (status === 400) return `invalid arguments: ${JSON.stringify(body.errors)}`;
  return outcomeOf(body.errors);
}


type Row = Record<Column, Outcome | (string & {})>;
const U = "UNAUTHENTICATED";
const F = "FORBIDDEN";
const keyColumns = COLUMNS.filter((c) => c.startsWith("key:"));

/** Everyone, anonymous callers included: login flows and public documents, whose own checks are the credentials they carry. */
const open = (): Row => Object.fromEntries(COLUMNS.map((c) => [c, "ok"])) as Row;

/**
 * An API-key scope's field: the admin and keys with the scope (or `admin`) may; a user only on
 * its own records when `self`, on any when `users` (a feed filtered to its own sessions);
 * anonymous callers are UNAUTHENTICATED, everyone else FORBIDDEN.
 */
function scope(name: string | null, options: { self?: boolean; users?: boolean; orgAdmin?: boolean } = {}): Row {
  const row = Object.fromEntries(COLUMNS.map((c) => [c, F])) as Row;
  row.anonymous = U;
  row.admin = "ok";
  row["key:admin"] = "ok";
  if (name) row[`key:${name}` as Column] = "ok";
  if (options.self || options.users) row.self = "ok";
  if (options.users) Object.assign(row, { other: "ok", orgAdmin: "ok", otherOrgAdmin: "ok" });
  if (options.orgAdmin) row.orgAdmin = "ok";
  return row;
}
/** The admin key and admin-scoped API keys only. */
const adminOnly = () => scope(null);
/** Global admins, and org admins within their own org (`auth:org:{id}`). */
const orgAdmins = () => scope(null, { orgAdmin: true });
/** The calling user on itself, or (orgId and userId) an org admin on a member of its org. */
const selfOrOrgAdmin = () => scope(null, { self: true, orgAdmin: true });

/** Who may call what: one row per root field of the schema (a new field fails the test until it has one). */
const EXPECTED: Record<string, Row> = {
  apiKeys: scope("api-keys:write"),
  auditEvents: scope("audit:read"),
  authTicket: open(),
  authenticateClient: open(),
  blocks: scope("blocks:read"),
  hashValue: adminOnly(),
  introspectToken: open(),
  jsonWebKeySet: open(),
  mfaOptions: scope("users:read"),
  oidcUserInfo: open(),
  openIdConfiguration: open(),
  org: orgAdmins(),
  // No arguments: an org admin of any org lists its own.
  orgs: { ...orgAdmins(), otherOrgAdmin: "ok" },
  outboxMessages: scope("outbox:read"),
  passkeyAccount: selfOrOrgAdmin(),
  passkeyResetLink: open(),
  permissions: { ...orgAdmins(), otherOrgAdmin: "ok" },
  realm: scope("realms:read"),
  realms: scope("realms:read"),
  recoveryMethod: scope("users:read"),
  session: scope("sessions:read", { self: true }),
  storeAvailable: scope("realms:read"),
  user: scope("users:read", { self: true }),
  userByEmployeeId: scope("users:read"),
  userRecoveryMethods: scope("users:read"),
  userSessions: scope("sessions:read", { self: true }),
  users: scope("users:read"),
  valueMatchesHash: adminOnly(),
  webhooks: adminOnly(),

  assessPassword: scope("users:write"),
  authTicketLogin: open(),
  authenticate: scope("id-broker"),
  blockSubject: scope("blocks:write"),
  completeDeviceLogin: open(),
  createApiKey: scope("api-keys:write"),
  createClient: scope("realms:write"),
  createInvite: scope("users:write"),
  createMfa: scope("users:write"),
  createOrg: adminOnly(),
  createOrgUser: orgAdmins(),
  createPasskeyLink: selfOrOrgAdmin(),
  createPermission: adminOnly(),
  createRealm: scope("realms:write"),
  createRecoveryMethod: scope("users:write"),
  createRole: orgAdmins(),
  createUser: scope("users:write"),
  createWebhook: adminOnly(),
  deactivateUser: scope("users:write"),
  deleteMfa: scope("users:write"),
  deleteOrg: adminOnly(),
  deletePasskey: selfOrOrgAdmin(),
  deletePermission: adminOnly(),
  deleteRecoveryMethod: scope("users:write"),
  deleteRole: orgAdmins(),
  deleteWebauthnCredential: scope("users:write"),
  deleteWebhook: adminOnly(),
  // A user's own passkey sessions only: someone else's is not found; a key has no session of its own (BAD_USER_INPUT).
  endPasskeySession: {
    ...(Object.fromEntries(keyColumns.map((c) => [c, "BAD_USER_INPUT"])) as Row),
    anonymous: U,
    self: "ok",
    other: "SESSION_NOT_FOUND",
    orgAdmin: "SESSION_NOT_FOUND",
    otherOrgAdmin: "SESSION_NOT_FOUND",
    admin: "BAD_USER_INPUT",
  },
  finishPasskeyAuthentication: open(),
  finishPasskeyRegistration: open(),
  oidcLogout: open(),
  passwordGrant: open(),
  recordUserLogin: scope("users:write"),
  refreshGrant: open(),
  removeBlock: scope("blocks:write"),
  renameOrg: orgAdmins(),
  // Only a passkey (cookie) session renews: a bearer user's is not one, and keys have none.
  renewPasskeySession: {
    ...(Object.fromEntries(COLUMNS.map((c) => [c, U])) as Row),
    self: "PASSKEY_SESSION_EXPIRED",
    other: "PASSKEY_SESSION_EXPIRED",
    orgAdmin: "PASSKEY_SESSION_EXPIRED",
    otherOrgAdmin: "PASSKEY_SESSION_EXPIRED",
  },
  resendRecoveryMethodCode: scope("users:write"),
  revokeAllUserSessions: scope("sessions:write", { self: true }),
  revokeApiKey: scope("api-keys:write"),
  revokeSession: scope("sessions:write", { self: true }),
  revokeToken: open(),
  rotateSigningKeys: scope("realms:write"),
  setOrgPermission: adminOnly(),
  setOrgUserRole: orgAdmins(),
  setPasskeyDisplayName: selfOrOrgAdmin(),
  setPassword: scope("users:write"),
  startDeviceLogin: open(),
  startPasskeyAuthentication: open(),
  startPasskeyRegistration: open(),
  updateMfaLabel: scope("users:write"),
  updatePermission: adminOnly(),
  updateRealm: scope("realms:write"),
  updateRole: orgAdmins(),
  updateUser: scope("users:write"),
  updateWebauthnCredential: scope("users:write"),
  verifyMfa: scope("users:write"),
  verifyRecoveryMethod: scope("users:write"),

  logoutSessionEvents: scope("sessions:read", { users: true }),
  sessionEvents: scope("sessions:read", { users: true }),
};

/** "ok" stands for any answer past the access check: data, or a domain error about the input. */
function matches(expected: string, actual: string): boolean {
  if (expected !== "ok") return actual === expected;
  return actual === "ok" || (/^[A-Z][A-Z0-9_]*$/.test(actual) && ![U, F, "INTERNAL", "SERVICE_UNAVAILABLE"].includes(actual));
}

describe("authorization matrix", () => {
  it("has a row of arguments and of outcomes for every query, mutation and subscription of the schema", () => {
    const names = rootFields.map((r) => r.field.name).sort();
    expect(Object.keys(ARGS).sort()).toEqual(names);
    expect(Object.keys(EXPECTED).sort()).toEqual(names);
  });

  describe("each field, called by each kind of caller", () => {
    let server: TestServer;
    let f: Fixtures;
    let stable: Parameters<typeof cell>[2];
    beforeAll(async () => {
      server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
      f = fixtures(server);
      const keys = new Map<string, string>();
      for (const scope of allScopes) {
        const res = await server.gql(`mutation($s: String!) { createApiKey(input: {name: $s, scopes: [$s]}) { token } }`, { s: scope });
        keys.set(scope, res.data!.createApiKey.token);
      }
      stable = { stranger: await f.signedInUser(), keys };
    }, 120_000);
    afterAll(() => server?.stop());

    it.each(rootFields.map((r) => [`${r.operation} ${r.field.name}`, r] as const))("%s", async (_name, { operation, field }) => {
      const expected = EXPECTED[field.name];
      if (!expected) throw new Error(`no row for ${field.name}`);
      // The columns are independent callers: they run at once.
      const actual = await Promise.all(COLUMNS.map((column) => callCell(server, f, stable, operation, field, column)));
      const wrong = COLUMNS.flatMap((column, i) => (matches(expected[column], actual[i]!) ? [] : [`${column}: expected ${expected[column]}, got ${actual[i]}`]));
      expect(wrong).toEqual([]);
    }, 120_000);
  });
});
