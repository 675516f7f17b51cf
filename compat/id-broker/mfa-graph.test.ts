import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import type { TestServer } from "#test/support/server.js";
import { codeSentTo, createEmployee, ORIGIN, RP_ID, startMfaServer, totpAt } from "#test/support/id-broker/mfa-fixtures.js";
import { SoftAuthenticator } from "#test/support/id-broker/soft-authenticator.js";

const summary = `query($id: ID!, $scenario: MfaScenario, $o: String) {
  user(id: $id) { mfa(scenario: $scenario, rpOrigin: $o) { prompt active options { id type label data } } verifiedMfaCount recoveryMethods { uid value verified } verifiedRecoveryMethodCount }
}`;

describe("MFA and recovery methods in the graph", () => {
  const clock = new ManualClock(new Date("2034-04-01T07:00:00Z"));
  let server: TestServer;

  beforeAll(async () => {
    server = await startMfaServer(clock);
  });
  afterAll(() => server?.stop());

  const gqlOk = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await server.gql(query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  it("shows a new user without factors or methods", async () => {
    const who = await createEmployee(server);
    const data = await gqlOk(summary, { id: who.id, scenario: "AUTHENTICATE" });
    expect(data.user).toEqual({ mfa: { prompt: false, active: false, options: [] }, verifiedMfaCount: 0, recoveryMethods: [], verifiedRecoveryMethodCount: 0 });
    const required = await createEmployee(server, { requireMfa: true });
    expect((await gqlOk(summary, { id: required.id, scenario: "AUTHENTICATE" })).user.mfa.prompt).toBe(true);
    expect((await gqlOk(summary, { id: required.id, scenario: "LIST" })).user.mfa.prompt).toBe(false);
  });

  it("enrols, verifies, relabels and deletes factors by user id", async () => {
    const who = await createEmployee(server);
    const created = await gqlOk(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "totp", label: "App"}) { id data } }`, { u: who.id });
    const { id, data } = created.createMfa;
    const verified = await gqlOk(`mutation($u: ID!, $id: Int!, $v: JSON) { verifyMfa(input: {userId: $u, mfaId: $id, value: $v}) { id type label lastUsedAt } }`, {
      u: who.id,
      id,
      v: await totpAt(data.totpKey, clock),
    });
    expect(verified.verifyMfa).toEqual({ id, type: "totp", label: "App", lastUsedAt: "2034-04-01T07:00:00.000Z" });
    const manager = await gqlOk(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "manager"}) { id } }`, { u: who.id });

    const list = (await gqlOk(summary, { id: who.id, scenario: "LIST" })).user;
    expect(list.mfa).toEqual({ prompt: false, active: true, options: [{ id, type: "totp", label: "App", data: [] }] });
    expect(list.verifiedMfaCount).toBe(2);
    const login = (await gqlOk(summary, { id: who.id, scenario: "AUTHENTICATE" })).user.mfa;
    expect(login.prompt).toBe(true);
    expect(login.options.map((o: { type: string; data: unknown }) => [o.type, o.data])).toEqual([["totp", []], ["manager", { count: 1 }]]);
    const invite = (await gqlOk(summary, { id: who.id, scenario: "INVITE" })).user.mfa;
    expect(invite.options.map((o: { type: string }) => o.type)).toEqual(["totp"]);

    const relabelled = await gqlOk(`mutation($u: ID!, $id: Int!) { updateMfaLabel(input: {userId: $u, mfaId: $id, label: "Phone"}) { label } }`, { u: who.id, id });
    expect(relabelled.updateMfaLabel.label).toBe("Phone");
    const listed = await gqlOk(`query($e: String) { mfaOptions(employeeId: $e) { id type } }`, { e: who.employeeId });
    expect(listed.mfaOptions.map((o: { type: string }) => o.type)).toEqual(["totp", "manager"]);
    await gqlOk(`mutation($u: ID!, $id: Int!) { deleteMfa(input: {userId: $u, mfaId: $id}) }`, { u: who.id, id: manager.createMfa.id });
    await gqlOk(`mutation($u: ID!, $id: Int!) { deleteMfa(input: {userId: $u, mfaId: $id}) }`, { u: who.id, id });
    expect((await gqlOk(summary, { id: who.id })).user.verifiedMfaCount).toBe(0);
  });

  it("carries the domain codes in extensions.code", async () => {
    const who = await createEmployee(server);
    const bad = await server.gql(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "sms"}) { id } }`, { u: who.id });
    expect(bad.errors?.[0]?.extensions?.code).toBe("MFA_TYPE_INVALID");
    const codes = await gqlOk(`mutation($e: String) { createMfa(input: {employeeId: $e, type: "backupcode"}) { id data } }`, { e: who.employeeId });
    const wrong = await server.gql(`mutation($e: String, $id: Int!) { verifyMfa(input: {employeeId: $e, mfaId: $id, value: "00000000"}) { id } }`, {
      e: who.employeeId,
      id: codes.createMfa.id,
    });
    const expected = codes.createMfa.data.includes("00000000") ? undefined : "MFA_VALUE_INVALID";
    expect(wrong.errors?.[0]?.extensions?.code).toBe(expected);
    const noUser = await server.gql(`query { mfaOptions(employeeId: "nobody_here") { id } }`);
    expect(noUser.errors?.[0]?.extensions?.code).toBe("MFA_LIST_USER_NOT_FOUND");
  });

  it("registers and uses a WebAuthn key, counting each key", async () => {
    const who = await createEmployee(server);
    const key = new SoftAuthenticator(ORIGIN, RP_ID);
    const enrol = async () => {
      const started = await gqlOk(`mutation($u: ID!, $o: String) { createMfa(input: {userId: $u, type: "webauthn", rpOrigin: $o}) { id data } }`, { u: who.id, o: ORIGIN });
      return gqlOk(`mutation($u: ID!, $id: Int!, $v: JSON, $o: String) { verifyMfa(input: {userId: $u, mfaId: $id, value: $v, rpOrigin: $o, kind: "registration"}) { id data } }`, {
        u: who.id,
        id: started.createMfa.id,
        v: key.register(started.createMfa.data),
        o: ORIGIN,
      });
    };
    await enrol();
    const second = await enrol();
    const mfaId = second.verifyMfa.id;
    expect(second.verifyMfa.data).toHaveLength(2);
    const user = (await gqlOk(summary, { id: who.id, scenario: "AUTHENTICATE", o: ORIGIN })).user;
    expect(user.verifiedMfaCount).toBe(2);
    const options = user.mfa.options[0].data;
    const used = await gqlOk(`mutation($u: ID!, $id: Int!, $v: JSON, $o: String) { verifyMfa(input: {userId: $u, mfaId: $id, value: $v, rpOrigin: $o}) { lastUsedAt } }`, {
      u: who.id,
      id: mfaId,
      v: key.authenticate(options),
      o: ORIGIN,
    });
    expect(used.verifyMfa.lastUsedAt).not.toBeNull();
    const keyId = second.verifyMfa.data[0].id;
    const renamed = await gqlOk(`mutation($u: ID!, $m: Int!, $k: Int!) { updateWebauthnCredential(input: {userId: $u, mfaId: $m, credentialId: $k, label: "Mine"}) { id mfaId label } }`, {
      u: who.id,
      m: mfaId,
      k: keyId,
    });
    expect(renamed.updateWebauthnCredential).toEqual({ id: keyId, mfaId, label: "Mine" });
    await gqlOk(`mutation($u: ID!, $m: Int!, $k: Int!) { deleteWebauthnCredential(input: {userId: $u, mfaId: $m, credentialId: $k}) }`, { u: who.id, m: mfaId, k: keyId });
    expect((await gqlOk(summary, { id: who.id })).user.verifiedMfaCount).toBe(1);
  });

  it("adds, verifies, resends, reads and deletes recovery methods", async () => {
    const who = await createEmployee(server);
    const added = await gqlOk(`mutation($u: ID!) { createRecoveryMethod(input: {userId: $u, value: "Pal@Example.net"}) { uid value verified } }`, { u: who.id });
    const { uid } = added.createRecoveryMethod;
    expect(added.createRecoveryMethod).toMatchObject({ value: "pal@example.net", verified: false });
    await gqlOk(`mutation($u: ID!, $uid: String!) { resendRecoveryMethodCode(input: {userId: $u, uid: $uid}) }`, { u: who.id, uid });
    const code = await codeSentTo(server, "pal@example.net", 6);
    const verified = await gqlOk(`mutation($uid: String!, $c: JSON) { verifyRecoveryMethod(uid: $uid, code: $c) { verified } }`, { uid, c: code });
    expect(verified.verifyRecoveryMethod.verified).toBe(true);
    const read = await gqlOk(`query($e: String, $uid: String!) { recoveryMethod(input: {employeeId: $e, uid: $uid}) { uid } userRecoveryMethods(employeeId: $e) { uid } }`, {
      e: who.employeeId,
      uid,
    });
    expect(read).toEqual({ recoveryMethod: { uid }, userRecoveryMethods: [{ uid }] });
    const user = (await gqlOk(summary, { id: who.id })).user;
    expect(user.verifiedRecoveryMethodCount).toBe(1);
    expect(user.recoveryMethods).toEqual([{ uid, value: "pal@example.net", verified: true }]);
    await gqlOk(`mutation($u: ID!, $uid: String!) { deleteRecoveryMethod(input: {userId: $u, uid: $uid}) }`, { u: who.id, uid });
    expect((await gqlOk(summary, { id: who.id })).user.recoveryMethods).toEqual([]);
  });

  it("needs write rights to change factors", async () => {
    const who = await createEmployee(server);
    const res = await server.gql(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "backupcode"}) { id } }`, { u: who.id }, null);
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const key = await gqlOk(`mutation { createApiKey(input: {name: "reader", scopes: ["users:read"]}) { token } }`);
    const forbidden = await server.gql(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "backupcode"}) { id } }`, { u: who.id }, key.createApiKey.token);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const readable = await server.gql(`query($id: ID!) { user(id: $id) { verifiedMfaCount } }`, { id: who.id }, key.createApiKey.token);
    expect(readable.data?.user).toEqual({ verifiedMfaCount: 0 });
  });
});
