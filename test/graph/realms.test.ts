import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows } from "./support.js";

const CREATE_REALM = `mutation($input: CreateRealmInput!) {
  createRealm(input: $input) { id name displayName enabled accessTokenLifespan ssoSessionIdleTimeout ssoSessionMaxLifespan revokeRefreshToken refreshTokenMaxReuse }
}`;
const UPDATE_REALM = `mutation($name: String!, $input: RealmSettingsInput!) {
  updateRealm(name: $name, input: $input) { name displayName enabled accessTokenLifespan ssoSessionIdleTimeout ssoSessionMaxLifespan revokeRefreshToken refreshTokenMaxReuse }
}`;

describe("realms", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("creates a realm with Keycloak's defaults and the settings given", async () => {
    const res = await server.gql(CREATE_REALM, { input: { name: "acme", displayName: "Acme Inc.", accessTokenLifespan: 600 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createRealm).toMatchObject({
      name: "acme",
      displayName: "Acme Inc.",
      enabled: true,
      accessTokenLifespan: 600,
      ssoSessionIdleTimeout: 1800,
      ssoSessionMaxLifespan: 36000,
      revokeRefreshToken: false,
      refreshTokenMaxReuse: 0,
    });
    const read = await server.gql(`{ realm(name: "acme") { id name displayName } }`);
    expect(read.data!.realm).toEqual({ id: res.data!.createRealm.id, name: "acme", displayName: "Acme Inc." });
  });

  it("updates only the settings given and keeps the others", async () => {
    await server.gql(CREATE_REALM, { input: { name: "tuned", displayName: "Tuned", ssoSessionIdleTimeout: 900 } });
    const res = await server.gql(UPDATE_REALM, { name: "tuned", input: { revokeRefreshToken: true, refreshTokenMaxReuse: 2, enabled: false } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateRealm).toEqual({
      name: "tuned",
      displayName: "Tuned",
      enabled: false,
      accessTokenLifespan: 300,
      ssoSessionIdleTimeout: 900,
      ssoSessionMaxLifespan: 36000,
      revokeRefreshToken: true,
      refreshTokenMaxReuse: 2,
    });
    const [row] = await server.database.db.select().from(tables.realms).where(eq(tables.realms.name, "tuned"));
    expect(row).toMatchObject({ enabled: false, revokeRefreshToken: true, refreshTokenMaxReuse: 2, ssoSessionIdleTimeout: 900 });
  });

  it("lists every realm by name, the default realm among them", async () => {
    await server.gql(CREATE_REALM, { input: { name: "zeta" } });
    await server.gql(CREATE_REALM, { input: { name: "beta" } });
    const res = await server.gql(`{ realms { name } }`);
    const names = res.data!.realms.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(["master", "acme", "beta", "zeta"]));
    expect(names).toEqual([...names].sort());
  });

  it("answers REALM_NOT_FOUND for an unknown realm and changes nothing", async () => {
    const before = await countRows(server, tables.realms);
    const clientsBefore = await countRows(server, tables.clients);
    const update = await server.gql(UPDATE_REALM, { name: "nowhere", input: { enabled: false } });
    expect(codeOf(update)).toBe("REALM_NOT_FOUND");
    expect(update.data).toBeNull();
    const users = await server.gql(`{ users(realm: "nowhere") { nodes { id } } }`);
    expect(codeOf(users)).toBe("REALM_NOT_FOUND");
    const client = await server.gql(`mutation { createClient(input: {realm: "nowhere", clientId: "web", public: true, grants: ["password"]}) { secret } }`);
    expect(codeOf(client)).toBe("REALM_NOT_FOUND");
    expect((await server.gql(`{ realm(name: "nowhere") { id } }`)).data).toEqual({ realm: null });
    expect(await countRows(server, tables.realms)).toBe(before);
    expect(await countRows(server, tables.clients)).toBe(clientsBefore);
  });

  it("refuses a second realm of the same name with REALM_EXISTS", async () => {
    await server.gql(CREATE_REALM, { input: { name: "twice" } });
    const before = await countRows(server, tables.realms);
    const again = await server.gql(CREATE_REALM, { input: { name: "twice", displayName: "Other" } });
    expect(codeOf(again)).toBe("REALM_EXISTS");
    expect(await countRows(server, tables.realms)).toBe(before);
  });

  it.each([
    ["a name with a space", { name: "two words" }, "name"],
    ["a token lifespan under 10 seconds", { name: "short", accessTokenLifespan: 5 }, "accessTokenLifespan"],
    ["a negative refresh reuse", { name: "reuse", refreshTokenMaxReuse: -1 }, "refreshTokenMaxReuse"],
  ])("rejects %s with BAD_USER_INPUT", async (_name, input, field) => {
    const before = await countRows(server, tables.realms);
    const res = await server.gql(CREATE_REALM, { input });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await countRows(server, tables.realms)).toBe(before);
  });
});
