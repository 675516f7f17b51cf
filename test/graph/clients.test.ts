import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { hashSecret } from "#src/services/passwords/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, countRows } from "./support.js";

const CREATE_CLIENT = `mutation($input: CreateClientInput!) {
  createClient(input: $input) { secret client { id clientId name public grants redirectUris enabled } }
}`;

describe("clients", () => {
  let server: TestServer;
  const clientRow = async (clientId: string) => {
    const realm = await server.services.realms.require("master");
    const [row] = await server.database.db.select().from(tables.clients).where(and(eq(tables.clients.realmId, realm.id), eq(tables.clients.clientId, clientId)));
    return row!;
  };

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("the default realm has the public client app with the password and refresh_token grants", async () => {
    const res = await server.gql(`{ realm(name: "master") { clients { clientId public grants } } }`);
    expect(res.data!.realm.clients).toContainEqual({ clientId: "app", public: true, grants: ["password", "refresh_token"] });
  });

  it("creates a public client without a secret", async () => {
    const res = await server.gql(CREATE_CLIENT, { input: { clientId: "spa", name: "Single page", public: true, grants: ["authorization_code", "refresh_token"], redirectUris: ["https://spa.example.com/cb"] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createClient).toMatchObject({
      secret: null,
      client: { clientId: "spa", name: "Single page", public: true, grants: ["authorization_code", "refresh_token"], redirectUris: ["https://spa.example.com/cb"], enabled: true },
    });
    expect((await clientRow("spa")).secretHash).toBeNull();
  });

  it("creates a confidential client whose secret is returned once and stored only as its SHA-256", async () => {
    const res = await server.gql(CREATE_CLIENT, { input: { clientId: "backend", public: false, grants: ["client_credentials"] } });
    expect(res.errors).toBeUndefined();
    const secret: string = res.data!.createClient.secret;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const row = await clientRow("backend");
    expect(row.public).toBe(false);
    expect(row.secretHash).toBe(`sha256:${createHash("sha256").update(secret).digest("hex")}`);
    expect(await server.services.clients.verifyClientSecret(row, secret)).toBe(true);
    expect(await server.services.clients.verifyClientSecret(row, `${secret}x`)).toBe(false);

    // Neither the realm's client list nor the audit trail carries the secret.
    const listed = await server.gql(`{ realm(name: "master") { clients { clientId } } }`);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const audit = await server.gql(`query($id: String!) { auditEvents(subjectId: $id) { action changes } }`, { id: row.id });
    expect(audit.data!.auditEvents).toHaveLength(1);
    expect(JSON.stringify(audit.data)).not.toContain(secret);
    expect(JSON.stringify(audit.data)).not.toContain(row.secretHash!);
  });

  it("checks a secret stored by an earlier release as argon2id once the slow way, then keeps its SHA-256", async () => {
    const res = await server.gql(CREATE_CLIENT, { input: { clientId: "legacy", public: false, grants: ["client_credentials"] } });
    const secret: string = res.data!.createClient.secret;
    const legacyHash = await hashSecret(secret);
    await server.database.db.update(tables.clients).set({ secretHash: legacyHash }).where(eq(tables.clients.id, (await clientRow("legacy")).id));

    expect(await server.services.clients.verifyClientSecret(await clientRow("legacy"), `${secret}x`)).toBe(false);
    expect((await clientRow("legacy")).secretHash).toBe(legacyHash);

    expect(await server.services.clients.verifyClientSecret(await clientRow("legacy"), secret)).toBe(true);
    const upgraded = await clientRow("legacy");
    expect(upgraded.secretHash).toBe(`sha256:${createHash("sha256").update(secret).digest("hex")}`);
    expect(await server.services.clients.verifyClientSecret(upgraded, secret)).toBe(true);
    expect(await server.services.clients.verifyClientSecret(upgraded, `${secret}x`)).toBe(false);
  });

  it("gives two confidential clients different secrets", async () => {
    const a = await server.gql(CREATE_CLIENT, { input: { clientId: "svc-a", public: false, grants: ["client_credentials"] } });
    const b = await server.gql(CREATE_CLIENT, { input: { clientId: "svc-b", public: false, grants: ["client_credentials"] } });
    expect(a.data!.createClient.secret).not.toBe(b.data!.createClient.secret);
  });

  it("refuses a duplicate client id in a realm with CLIENT_EXISTS and keeps the first", async () => {
    const before = await countRows(server, tables.clients);
    const res = await server.gql(CREATE_CLIENT, { input: { clientId: "app", public: false, grants: ["password"] } });
    expect(codeOf(res)).toBe("CLIENT_EXISTS");
    expect(await countRows(server, tables.clients)).toBe(before);
    expect((await clientRow("app")).public).toBe(true);
  });

  it.each([
    ["an unknown grant", { clientId: "x1", public: true, grants: ["implicit"] }, "grants"],
    ["a relative redirect URI", { clientId: "x2", public: true, grants: ["authorization_code"], redirectUris: ["/callback"] }, "redirectUris"],
    ["a client id with a space", { clientId: "my app", public: true, grants: [] }, "clientId"],
  ])("rejects %s with BAD_USER_INPUT", async (_name, input, field) => {
    const before = await countRows(server, tables.clients);
    const res = await server.gql(CREATE_CLIENT, { input });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await countRows(server, tables.clients)).toBe(before);
  });
});
