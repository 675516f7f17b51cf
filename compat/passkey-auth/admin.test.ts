import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { http, PasskeyBrowser, signedInAdmin, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

const DAY = 86_400_000;

describe("passkey admin: bootstrap, orgs, roles, permissions and their rules", () => {
  let server: TestServer;
  let adminLink: string;
  let admin: PasskeyBrowser & { userId: string };
  let bootOrg: string;
  let acme: string;
  let orgAdmin: PasskeyBrowser & { userId: string };
  let plain: PasskeyBrowser;

  beforeAll(async () => {
    const started = await startPasskeyServer();
    server = started.server;
    adminLink = started.adminLink!;
    plain = new PasskeyBrowser(server.publicUrl);
    await plain.register("?name=Plain");
  });
  afterAll(() => server?.stop());

  const as = (who: PasskeyBrowser, method: string, path: string, body?: unknown) => who.call(method, `/auth/api/admin${path}`, { body });

  it("first start makes the master admin permission, an org, its admin role and an admin with a one-time link", async () => {
    expect(adminLink).toMatch(new RegExp(`^${server.config.publicUrl}/auth/[a-z]+(\\.[a-z]+){4}$`));
    const info = await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${adminLink.split("/").at(-1)}`, { host: "localhost" });
    expect(info.body).toMatchObject({ authenticated: false, session_type: "user registration", user: { user_name: "Admin" } });
    expect(await server.services.passkeys.bootstrap()).toBeUndefined();

    admin = await signedInAdmin(server, adminLink);
    const me = (await admin.call("POST", "/auth/api/user-info")).body;
    bootOrg = me.org.uuid;
    expect(me).toMatchObject({ is_global_admin: true, is_org_admin: true, org: { display_name: "Organization" }, role: { display_name: "Administration" } });
    expect(me.permissions).toEqual(["auth:admin", `auth:org:${bootOrg}`].sort());
    const again = await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${adminLink.split("/").at(-1)}`, { host: "localhost" });
    expect(again.status).toBe(401);
  });

  it("admin paths need a session (401) and an admin permission (403)", async () => {
    expect(await http(server.publicUrl, "GET", "/auth/api/admin/orgs", { host: "localhost" })).toMatchObject({ status: 401, body: { detail: "Authentication Required" } });
    expect(await as(plain, "GET", "/orgs")).toMatchObject({ status: 403, body: { detail: "Org admin permission required" } });
    expect((await as(plain, "POST", "/orgs", { display_name: "Nope" })).status).toBe(403);
    expect((await as(plain, "GET", "/permissions")).status).toBe(403);
  });

  it("a global admin creates orgs (each with its admin permission and role), permissions, grants and roles", async () => {
    const created = await as(admin, "POST", "/orgs", { display_name: "Acme" });
    expect(created.status).toBe(200);
    acme = created.body.uuid;
    expect(await as(admin, "POST", "/permissions", { id: "app:read", display_name: "Read the app" })).toMatchObject({ status: 200 });
    expect(await as(admin, "POST", "/permissions", { id: "app:read", display_name: "Again" })).toMatchObject({ status: 409, body: { detail: "Permission app:read already exists" } });
    expect((await as(admin, "POST", "/permissions", { id: "has space", display_name: "Bad" })).status).toBe(400);
    expect(await admin.call("POST", `/auth/api/admin/orgs/${acme}/permission?permission_id=app:read`)).toMatchObject({ status: 200 });

    const orgs = (await as(admin, "GET", "/orgs")).body as any[];
    const org = orgs.find((o) => o.uuid === acme);
    expect(org.permissions).toEqual(["app:read", `auth:org:${acme}`]);
    expect(org.roles).toEqual([{ uuid: expect.any(String), org_uuid: acme, display_name: "Administration", permissions: [`auth:org:${acme}`] }]);
    expect(((await as(admin, "GET", "/permissions")).body as { id: string }[]).map((p) => p.id)).toEqual(expect.arrayContaining(["auth:admin", "app:read", `auth:org:${acme}`]));

    const granted = await as(admin, "POST", "/orgs", { display_name: "Granting", permissions: ["app:read"] });
    const grantingOrg = ((await as(admin, "GET", "/orgs")).body as any[]).find((o) => o.uuid === granted.body.uuid);
    expect(grantingOrg.permissions).toEqual(["app:read", `auth:org:${granted.body.uuid}`]);
    const removed = await admin.call("DELETE", `/auth/api/admin/orgs/${granted.body.uuid}/permission`, { body: { permission_id: "app:read" } });
    expect(removed.body).toEqual({ status: "ok" });
    expect(((await as(admin, "GET", "/orgs")).body as any[]).find((o) => o.uuid === granted.body.uuid).permissions).toEqual([`auth:org:${granted.body.uuid}`]);
    expect(await admin.call("POST", `/auth/api/admin/orgs/${granted.body.uuid}/permission`)).toMatchObject({ status: 400, body: { detail: "permission_id required" } });
    expect(await admin.call("POST", `/auth/api/admin/orgs/${granted.body.uuid}/permission?permission_id=no:such`)).toMatchObject({ status: 404, body: { detail: "Permission not found" } });
    expect((await as(admin, "DELETE", `/orgs/${granted.body.uuid}`)).status).toBe(200);

    expect(await as(admin, "POST", `/orgs/${acme}/roles`, { display_name: "Reader", permissions: ["app:read"] })).toMatchObject({ status: 200 });
    expect(await as(admin, "POST", `/orgs/${acme}/roles`, { display_name: "Root", permissions: ["auth:admin"] })).toMatchObject({ status: 400, body: { detail: "The organization cannot grant: auth:admin" } });
  });

  it("an admin adds a user to an org and makes a 14-day registration link; the user registers as that org's admin", async () => {
    const created = await as(admin, "POST", `/orgs/${acme}/users`, { display_name: "Olga", role: "Administration" });
    expect(created.status).toBe(200);
    const link = await as(admin, "POST", `/orgs/${acme}/users/${created.body.uuid}/create-link`);
    expect(link.body).toMatchObject({ message: "Registration link generated successfully" });
    expect(Math.abs(new Date(link.body.expires).getTime() - Date.now() - 14 * DAY)).toBeLessThan(60_000);
    const passphrase = link.body.url.split("/").at(-1);
    expect((await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${passphrase}`, { host: "localhost" })).body.session_type).toBe("user registration");
    const browser = new PasskeyBrowser(server.publicUrl);
    const { user_uuid } = await browser.register(`?reset=${passphrase}`);
    expect(user_uuid).toBe(created.body.uuid);
    orgAdmin = Object.assign(browser, { userId: user_uuid });
    expect((await orgAdmin.call("POST", "/auth/api/user-info")).body).toMatchObject({ is_global_admin: false, is_org_admin: true, permissions: [`auth:org:${acme}`] });
    // With a passkey, the next admin link is an account recovery.
    const recovery = (await as(admin, "POST", `/orgs/${acme}/users/${user_uuid}/create-link`)).body.url.split("/").at(-1);
    expect((await http(server.publicUrl, "POST", `/auth/api/user-info?reset=${recovery}`, { host: "localhost" })).body.session_type).toBe("account recovery");
  });

  it("an org admin manages their own org only", async () => {
    expect(((await as(orgAdmin, "GET", "/orgs")).body as { uuid: string }[]).map((o) => o.uuid)).toEqual([acme]);
    expect((await as(orgAdmin, "POST", `/orgs/${acme}/roles`, { display_name: "Viewer", permissions: ["app:read"] })).status).toBe(200);
    expect(await as(orgAdmin, "POST", `/orgs/${bootOrg}/roles`, { display_name: "X", permissions: [] })).toMatchObject({ status: 403, body: { detail: "Org admin permission required" } });
    expect((await as(orgAdmin, "POST", "/orgs", { display_name: "Mine" })).status).toBe(403);
    expect((await as(orgAdmin, "POST", "/permissions", { id: "x:y", display_name: "X" })).status).toBe(403);
    expect((await as(orgAdmin, "DELETE", `/orgs/${acme}`)).status).toBe(403);
    expect((await as(orgAdmin, "GET", `/orgs/${bootOrg}/users/${admin.userId}`)).status).toBe(403);
    expect((await as(orgAdmin, "PUT", `/orgs/${acme}`, { display_name: "Acme Inc" })).status).toBe(200);

    const reader = await as(orgAdmin, "POST", `/orgs/${acme}/users`, { display_name: "Rita", role: "Reader" });
    expect(reader.status).toBe(200);
    const detail = await as(orgAdmin, "GET", `/orgs/${acme}/users/${reader.body.uuid}`);
    expect(detail.body).toMatchObject({ user: { user_uuid: reader.body.uuid, user_name: "Rita" }, role: { display_name: "Reader", permissions: ["app:read"] }, is_org_admin: false, credentials: [] });
    expect((await as(orgAdmin, "PUT", `/orgs/${acme}/users/${reader.body.uuid}/display-name`, { display_name: "Rita R" })).status).toBe(200);
    expect((await as(orgAdmin, "GET", `/orgs/${acme}/users/${reader.body.uuid}`)).body.user.user_name).toBe("Rita R");
    expect(await as(orgAdmin, "GET", `/orgs/${acme}/users/${admin.userId}`)).toMatchObject({ status: 404, body: { detail: "User not found" } });
  });

  it("nobody can demote themselves out of admin, by a role change or by editing their own role", async () => {
    expect(await as(orgAdmin, "PUT", `/orgs/${acme}/users/${orgAdmin.userId}/role`, { role: "Reader" })).toMatchObject({
      status: 400,
      body: { detail: "Cannot change your own role to one without admin permissions" },
    });
    const acmeAdminRole = ((await as(admin, "GET", "/orgs")).body as any[]).find((o) => o.uuid === acme).roles.find((r: any) => r.display_name === "Administration").uuid;
    expect(await as(orgAdmin, "PUT", `/orgs/${acme}/roles/${acmeAdminRole}`, { permissions: ["app:read"] })).toMatchObject({
      status: 400,
      body: { detail: "Cannot change your own role to one without admin permissions" },
    });
    const bootRoles = ((await as(admin, "GET", "/orgs")).body as any[]).find((o) => o.uuid === bootOrg).roles;
    const bootAdminRole = bootRoles.find((r: any) => r.display_name === "Administration").uuid;
    expect((await as(admin, "PUT", `/orgs/${bootOrg}/roles/${bootAdminRole}`, { permissions: [`auth:org:${bootOrg}`] })).status).toBe(400);
    const lesser = await as(admin, "POST", `/orgs/${bootOrg}/roles`, { display_name: "Staff", permissions: [] });
    expect((await as(admin, "PUT", `/orgs/${bootOrg}/users/${admin.userId}/role`, { role: lesser.body.uuid })).status).toBe(400);
    expect((await admin.call("POST", "/auth/api/validate?perm=auth:admin")).status).toBe(200);
    // Another admin may move them: the rule is about oneself.
    expect((await as(admin, "PUT", `/orgs/${acme}/users/${orgAdmin.userId}/role`, { role: "Viewer" })).status).toBe(200);
    expect((await orgAdmin.call("POST", "/auth/api/validate?perm=auth:org:*")).status).toBe(403);
    expect((await as(admin, "PUT", `/orgs/${acme}/users/${orgAdmin.userId}/role`, { role: "Administration" })).status).toBe(200);
  });

  it("the master admin permission cannot be renamed or deleted; others can, and grants follow a rename", async () => {
    expect(await as(admin, "POST", "/permission/rename", { old_id: "auth:admin", new_id: "auth:root" })).toMatchObject({ status: 400, body: { detail: "Cannot rename the master admin permission" } });
    expect(await admin.call("DELETE", "/auth/api/admin/permission?permission_id=auth:admin")).toMatchObject({ status: 400, body: { detail: "Cannot delete the master admin permission" } });
    expect((await admin.call("PUT", "/auth/api/admin/permission?permission_id=auth:admin", { body: { display_name: "Root" } })).status).toBe(200);

    expect((await as(admin, "POST", "/permission/rename", { old_id: "app:read", new_id: "app:view" })).status).toBe(200);
    const org = ((await as(admin, "GET", "/orgs")).body as any[]).find((o) => o.uuid === acme);
    expect(org.permissions).toContain("app:view");
    expect(org.roles.find((r: any) => r.display_name === "Reader").permissions).toEqual(["app:view"]);
    expect((await admin.call("DELETE", "/auth/api/admin/permission?permission_id=app:view")).status).toBe(200);
    expect((await admin.call("DELETE", "/auth/api/admin/permission?permission_id=app:view")).status).toBe(404);
  });

  it("roles in use cannot be deleted; admins delete a user's passkey; a global admin deletes an org", async () => {
    const orgs = (await as(admin, "GET", "/orgs")).body as any[];
    const reader = orgs.find((o) => o.uuid === acme).roles.find((r: any) => r.display_name === "Reader").uuid;
    expect(await as(admin, "DELETE", `/orgs/${acme}/roles/${reader}`)).toMatchObject({ status: 400, body: { detail: "Cannot delete a role that has users" } });
    const credential = (await orgAdmin.call("POST", "/auth/api/user-info")).body.credentials[0].credential_uuid;
    expect(await as(admin, "DELETE", `/orgs/${acme}/users/${orgAdmin.userId}/credentials/${credential}`)).toMatchObject({ status: 200, body: { message: "Credential deleted successfully" } });
    expect((await orgAdmin.call("POST", "/auth/api/user-info")).body.credentials).toEqual([]);
    expect((await as(admin, "DELETE", `/orgs/${acme}`)).status).toBe(200);
    expect(((await as(admin, "GET", "/orgs")).body as any[]).map((o) => o.uuid)).toEqual([bootOrg]);
    expect((await orgAdmin.call("POST", "/auth/api/user-info")).body).toMatchObject({ org: null, role: null, permissions: [] });
    expect((await as(admin, "DELETE", `/orgs/${acme}`)).status).toBe(404);
  });

  it("malformed ids and hostile input: a 4xx {detail}, nothing changed", async () => {
    const before = (await as(admin, "GET", "/orgs")).body;
    expect(await as(admin, "PUT", "/orgs/not-an-org", { display_name: "X" })).toMatchObject({ status: 404, body: { detail: "Organization not found" } });
    expect(await as(admin, "DELETE", `/orgs/${bootOrg}/roles/not-a-role`)).toMatchObject({ status: 404, body: { detail: "Role not found" } });
    expect(await as(admin, "GET", `/orgs/${bootOrg}/users/nobody`)).toMatchObject({ status: 404, body: { detail: "User not found" } });
    expect(await as(admin, "POST", "/orgs", { display_name: "a\u0000b" })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/NUL/) } });
    expect(await as(admin, "POST", "/orgs", { display_name: 7 })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/display_name/) } });
    expect(await admin.call("POST", "/auth/api/admin/orgs/%ff/roles", { body: { display_name: "X" } })).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/UTF-8/) } });
    expect((await as(admin, "GET", "/orgs")).body).toEqual(before);
  });

  it("the same rules hold in the graph", async () => {
    const anonymous = await server.gql("{ orgs { id } }", {}, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const created = await server.gql(`mutation { createOrg(displayName: "Graph Org") { id displayName roles { displayName permissions } } }`);
    expect(created.data?.createOrg).toMatchObject({ displayName: "Graph Org", roles: [{ displayName: "Administration", permissions: [`auth:org:${created.data?.createOrg.id}`] }] });
    const master = await server.gql(`mutation { deletePermission(id: "auth:admin") }`);
    expect(master.errors?.[0]).toMatchObject({ message: "Cannot delete the master admin permission", extensions: { code: "ORG_RULE" } });
    const account = await server.gql(`query($o: ID!, $u: ID!) { passkeyAccount(orgId: $o, userId: $u) { user { id } isGlobalAdmin credentials { id } } }`, { o: bootOrg, u: admin.userId });
    expect(account.data?.passkeyAccount).toMatchObject({ user: { id: admin.userId }, isGlobalAdmin: true });
    expect(account.data?.passkeyAccount.credentials).toHaveLength(1);
  });
});
