import { expect } from "vitest";
import { authCall } from "#test/support/auth-service.js";
import { signedInAdmin, startPasskeyServer } from "#test/support/passkeys/index.js";
import { ADMIN_KEY, type TestServer } from "#test/support/server.js";
import type { Fixture } from "./samples.js";

const BROKER_KEY = "fuzz-broker-key-0123456789";
const PASSWORD = "fuzzing is a long passphrase";

/** A server with every contract's settings, and a user, sessions and credentials for each contract's baselines. */
export async function startFuzzServer(): Promise<{ server: TestServer; fixture: Fixture }> {
  // No purge timer: a background delete between two checksums would read as a write by the request.
  const { server, adminLink } = await startPasskeyServer({ env: { API_ACCESS_KEYS: BROKER_KEY, PURGE_INTERVAL_SECONDS: "0", IDP_NAME: "fuzz" } });
  const publicHost = `localhost:${new URL(server.publicUrl).port}`;
  const admin = await signedInAdmin(server, adminLink!);

  const input = { username: "fuzz_user", email: "fuzz_user@example.org", employeeId: "E1001", firstName: "Fuzz", lastName: "User" };
  const created = await server.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, { input });
  expect(created.errors).toBeUndefined();
  const userId = created.data!.createUser.id as string;
  const broker = (method: string, path: string, body: unknown) =>
    fetch(`${server.publicUrl}${path}`, { method, headers: { authorization: `Bearer ${BROKER_KEY}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  expect((await broker("PUT", `/user/${input.employeeId}/password`, { password: PASSWORD })).status).toBe(200);
  const mfa = await broker("POST", "/mfa", { employee_id: input.employeeId, type: "backupcode", label: "fuzz" });
  expect(mfa.status).toBe(200);
  const method = await broker("POST", "/method", { employee_id: input.employeeId, value: "fuzz_recovery@example.org" });
  expect(method.status).toBe(200);

  const token = await fetch(`${server.publicUrl}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "app", username: input.username, password: PASSWORD }),
  });
  expect(token.status).toBe(200);
  const tokens = (await token.json()) as { access_token: string; refresh_token: string };
  const login = await authCall(server.publicUrl, "POST", "/system/auth/login", { body: { username: input.username, password: PASSWORD } });
  expect(login.status).toBe(200);

  const org = await server.gql(`mutation { createOrg(displayName: "Fuzz Org") { id roles { id } } }`, {}, ADMIN_KEY);
  expect(org.errors).toBeUndefined();
  const session = await server.services.sessions.create({ userId, kind: "browser" });

  return {
    server,
    fixture: {
      publicHost,
      adminKey: ADMIN_KEY,
      brokerKey: BROKER_KEY,
      userId,
      username: input.username,
      password: PASSWORD,
      employeeId: input.employeeId,
      sessionId: session.id,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      ticketToken: login.headers.get("authentication")!,
      ticketCookie: login.cookie!.value!,
      mfaId: String(((await mfa.json()) as { id: number }).id),
      methodUid: ((await method.json()) as { id: string }).id,
      passkeyCookie: admin.cookie!,
      passkeyUserId: admin.userId,
      orgId: org.data!.createOrg.id,
      roleId: org.data!.createOrg.roles[0].id,
    },
  };
}
