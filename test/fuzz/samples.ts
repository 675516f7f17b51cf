import type { FuzzTarget } from "./targets.js";

/** What the baseline requests name: the ids, keys and credentials of the fuzz server's fixture (fixture.ts). */
export interface Fixture {
  /** The Host a browser uses for the public listener (passkey sessions are bound to it). */
  publicHost: string;
  adminKey: string;
  brokerKey: string;
  userId: string;
  username: string;
  password: string;
  employeeId: string;
  sessionId: string;
  accessToken: string;
  refreshToken: string;
  ticketToken: string;
  ticketCookie: string;
  mfaId: string;
  methodUid: string;
  passkeyCookie: string;
  passkeyUserId: string;
  orgId: string;
  roleId: string;
}

export type Payload = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "form"; fields: [string, string][] } | { kind: "raw"; bytes: Buffer; type?: string };

/** A request before it becomes bytes: mutations edit this, wire.ts sends what it becomes. */
export interface Draft {
  method: string;
  /** An express path whose `:name` segments come from params. */
  path: string;
  /** Path parameter values: text is percent-encoded when sent, a Buffer goes out as is. */
  params: Record<string, string | Buffer>;
  /** Raw query string (without `?`), sent as is. */
  query: string | Buffer;
  headers: [string, string | Buffer][];
  payload: Payload;
  /** With a `Content-Encoding: gzip` header: the body really is compressed (else the header lies). */
  gzipBody?: boolean;
}

type Sample = (f: Fixture) => Partial<Omit<Draft, "method" | "path">>;

const json = (value: unknown): Payload => ({ kind: "json", value });
const form = (fields: Record<string, string>): Payload => ({ kind: "form", fields: Object.entries(fields) });
const bearer = (token: string): [string, string][] => [["Authorization", `Bearer ${token}`]];
const ticket = (f: Fixture): [string, string][] => [["Authentication", f.ticketToken], ["Cookie", `refreshId=${encodeURIComponent(f.ticketCookie)}`]];
const passkey = (f: Fixture): [string, string][] => [["Cookie", `__Host-auth=${f.passkeyCookie}`], ["Origin", `http://${f.publicHost}`]];
const broker = (f: Fixture): [string, string][] => bearer(f.brokerKey);
const actor = { type: "admin", id: "fuzz" };
const GALAXY = "/api/v1/internal";
const OIDC = "/realms/:realm/protocol/openid-connect";

/** Plausible requests from the specs, by `METHOD path`; a route not named here gets the defaults below. */
const SAMPLES: Record<string, Sample> = {
  [`POST ${GALAXY}/sessions/:device_session_id/revoke`]: () => ({ payload: json({ reason_code: "fuzz", actor }) }),
  [`POST ${GALAXY}/users/:user_id/sessions/revoke-all`]: () => ({ payload: json({ reason_code: "fuzz", actor }) }),
  [`POST ${GALAXY}/user-blocks`]: (f) => ({ payload: json({ user_id: f.userId, reason_code: "fuzz", actor }) }),

  [`POST ${OIDC}/token`]: (f) => ({ payload: form({ grant_type: "password", client_id: "app", username: f.username, password: f.password }) }),
  [`POST ${OIDC}/logout`]: (f) => ({ payload: form({ client_id: "app", refresh_token: f.refreshToken }) }),
  [`POST ${OIDC}/token/introspect`]: (f) => ({ payload: form({ client_id: "app", token: f.accessToken }) }),
  [`POST ${OIDC}/revoke`]: (f) => ({ payload: form({ client_id: "app", token: f.refreshToken }) }),
  [`GET ${OIDC}/userinfo`]: (f) => ({ headers: bearer(f.accessToken) }),
  [`POST ${OIDC}/userinfo`]: (f) => ({ headers: bearer(f.accessToken), payload: { kind: "none" } }),

  "POST /system/auth/login": (f) => ({ payload: json({ username: f.username, password: f.password }) }),
  "DELETE /system/auth/api/clear-session-by-id": (f) => ({ headers: ticket(f), payload: json({ sessionId: f.sessionId }) }),
  "POST /system/auth/secure/clear-session-by-id": (f) => ({ headers: ticket(f), payload: json({ sessionId: f.sessionId }) }),
  "POST /internal/auth/hash": () => ({ payload: json({ toHash: "fuzz" }) }),
  "POST /internal/auth/is-equals": () => ({ payload: json({ toHash: "fuzz", toCompare: "$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaA" }) }),

  "POST /authentication": (f) => ({ headers: broker(f), payload: json({ username: f.username, password: f.password }) }),
  "POST /user": (f) => ({ headers: broker(f), payload: json({ employee_id: "F1", first_name: "Ann", last_name: "Lee", username: "fuzz_ann", email: "fuzz_ann@example.org" }) }),
  "PUT /user/:employee_id": (f) => ({ headers: broker(f), payload: json({ first_name: "Ann", display_name: "Ann Lee" }) }),
  "PUT /user/:employee_id/password": (f) => ({ headers: broker(f), payload: json({ password: f.password }) }),
  "PUT /user/:employee_id/password/assess": (f) => ({ headers: broker(f), payload: json({ password: "another long passphrase" }) }),
  "POST /mfa": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, type: "backupcode", label: "fuzz" }) }),
  "POST /mfa/:id/verify": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, value: "12345678" }) }),
  "POST /mfa/:id/verify/:kind": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, value: {} }) }),
  "PUT /mfa/:id": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, label: "renamed" }) }),
  "DELETE /mfa/:id": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId }) }),
  "PUT /mfa/:mfaId/webauthn/:webauthnId": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, label: "key" }) }),
  "DELETE /mfa/:mfaId/webauthn/:webauthnId": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId }) }),
  "POST /method": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, value: "fuzz_method@example.org" }) }),
  "GET /method/:uid": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId }) }),
  "DELETE /method/:uid": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId }) }),
  "PUT /method/:uid/verify": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId, code: "123456" }) }),
  "PUT /method/:uid/resend": (f) => ({ headers: broker(f), payload: json({ employee_id: f.employeeId }) }),

  "POST /auth/api/validate": (f) => ({ headers: passkey(f), query: "perm=auth:admin" }),
  "GET /auth/api/forward": (f) => ({ headers: passkey(f), query: "perm=auth:admin" }),
  "POST /auth/api/set-session": (f) => ({ headers: [["Origin", `http://${f.publicHost}`], ["Authorization", `Bearer ${f.passkeyCookie}`]] }),
  "PUT /auth/api/display-name": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz Admin" }) }),
  "PUT /auth/api/user/display-name": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz Admin" }) }),
  "POST /auth/api/admin/orgs": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz Org", permissions: [] }) }),
  "PUT /auth/api/admin/orgs/:org": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz Org 2" }) }),
  "POST /auth/api/admin/orgs/:org/permission": (f) => ({ headers: passkey(f), query: "permission_id=auth:admin" }),
  "DELETE /auth/api/admin/orgs/:org/permission": (f) => ({ headers: passkey(f), query: "permission_id=fuzz:none" }),
  "POST /auth/api/admin/orgs/:org/roles": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz Role", permissions: [] }) }),
  "PUT /auth/api/admin/orgs/:org/roles/:role": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz Role 2" }) }),
  "POST /auth/api/admin/orgs/:org/users": (f) => ({ headers: passkey(f), payload: json({ display_name: "Fuzz User", role: "Administration" }) }),
  "PUT /auth/api/admin/orgs/:org/users/:user/role": (f) => ({ headers: passkey(f), payload: json({ role: "Administration" }) }),
  "PUT /auth/api/admin/orgs/:org/users/:user/display-name": (f) => ({ headers: passkey(f), payload: json({ display_name: "Renamed" }) }),
  "POST /auth/api/admin/permissions": (f) => ({ headers: passkey(f), payload: json({ id: "fuzz:perm", display_name: "Fuzz" }) }),
  "PUT /auth/api/admin/permission": (f) => ({ headers: passkey(f), query: "permission_id=fuzz:perm", payload: json({ display_name: "Fuzz 2" }) }),
  "POST /auth/api/admin/permission/rename": (f) => ({ headers: passkey(f), payload: json({ old_id: "fuzz:perm", new_id: "fuzz:perm2" }) }),
  "DELETE /auth/api/admin/permission": (f) => ({ headers: passkey(f), query: "permission_id=fuzz:none" }),

  "POST /graphql": () => ({ headers: [["Content-Type", "application/json"]], payload: json({ query: "query ($id: ID!) { user(id: $id) { id username } }", variables: { id: "00000000-0000-4000-8000-000000000000" } }) }),
  "GET /graphql": () => ({ query: `query=${encodeURIComponent("{ realms { name } }")}`, headers: [["Apollo-Require-Preflight", "true"]] }),
  "GET /auth/ws/register": (f) => ({ headers: [["Upgrade", "websocket"], ["Connection", "Upgrade"], ["Sec-WebSocket-Version", "13"], ["Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="], ["Origin", `http://${f.publicHost}`]] }),
  "GET /auth/ws/authenticate": (f) => ({ headers: [["Upgrade", "websocket"], ["Connection", "Upgrade"], ["Sec-WebSocket-Version", "13"], ["Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="], ["Origin", `http://${f.publicHost}`]] }),
};

/** A path parameter's plausible value, by contract and name. */
function paramValue(target: FuzzTarget, name: string, f: Fixture): string {
  const byName: Record<string, string> = {
    device_session_id: f.sessionId,
    user_id: f.userId,
    realm: "master",
    employee_id: f.employeeId,
    mfaId: f.mfaId,
    webauthnId: "1",
    kind: "registration",
    uid: f.methodUid,
    org: f.orgId,
    role: f.roleId,
    user: f.passkeyUserId,
    credential: "00000000-0000-4000-8000-000000000001",
    reset_token: "fuzz-reset-token",
  };
  if (name === "id") return target.shape === "id-broker" ? f.mfaId : "00000000-0000-4000-8000-000000000002";
  const value = byName[name];
  if (value === undefined) throw new Error(`no sample value for path parameter ${name} of ${target.method} ${target.path}`);
  return value;
}

/** Default credentials of a contract's routes that have no sample of their own. */
function defaultHeaders(target: FuzzTarget, f: Fixture): [string, string][] {
  if (target.shape === "id-broker") return broker(f);
  if (target.shape === "passkey") return passkey(f);
  if (target.shape === "auth-service") return ticket(f);
  return [];
}

/** The valid-looking request a target's mutations start from. */
export function baseline(target: FuzzTarget, f: Fixture): Draft {
  const names = target.path.split("/").filter((s) => s.startsWith(":")).map((s) => s.slice(1));
  const sample = SAMPLES[`${target.method} ${target.path}`]?.(f) ?? {};
  return {
    method: target.method,
    path: target.path,
    params: Object.fromEntries(names.map((name) => [name, paramValue(target, name, f)])),
    query: sample.query ?? "",
    headers: sample.headers ?? defaultHeaders(target, f),
    payload: sample.payload ?? (target.bodyFormat === "json" && target.method !== "GET" && target.method !== "DELETE" ? json({}) : { kind: "none" }),
  };
}

/** Routes whose success ends the fixture's sessions or user: fuzzed last, so the others still run signed in. */
export function consumesFixture(target: FuzzTarget): boolean {
  return /logout|revoke|clear-|user-blocks|set-session|password$/.test(target.path) || (target.method === "DELETE" && target.shape !== "passkey");
}
