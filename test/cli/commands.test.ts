import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "#src/cli/commands/api-key.js";
import { createClient } from "#src/cli/commands/client.js";
import { createRealm } from "#src/cli/commands/realm.js";
import { createUser, setUserPassword } from "#src/cli/commands/user.js";
import { cliActor, type CliContext } from "#src/cli/runtime.js";
import { connect, migrate, type Database } from "#src/db/index.js";
import { systemClock } from "#src/services/clock/index.js";
import { DomainError } from "#src/services/errors/index.js";
import { createServices } from "#src/services/index.js";
import { ensureDefaultRealm } from "#src/services/realms/index.js";
import { createTestDatabase, type TestDatabase } from "#test/support/database.js";

/** Asserts a promise fails with the given domain code. */
async function expectDomainError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message) expect((error as DomainError).message).toMatch(message);
}

describe("CLI commands", () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let ctx: CliContext;
  const notes: string[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await connect({ url: testDatabase.url, dataDir: "" });
    await migrate(database);
    const services = createServices({ db: database.db, clock: systemClock });
    await ensureDefaultRealm(services.realms, services.clients, "master");
    ctx = { services, actor: cliActor, database: database.kind, defaultRealm: "master", warn: (t) => void notes.push(t) };
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  describe("realm create", () => {
    it("creates a realm and records the CLI as the actor", async () => {
      const realm = await createRealm(ctx, "acme");
      expect(realm).toMatchObject({ name: "acme", enabled: true });
      const [event] = await ctx.services.audit.list({ subjectType: "realm", subjectId: realm.id, limit: 5 });
      expect(event).toMatchObject({ action: "realm.create", actorType: "cli" });
    });

    it("refuses a name that is taken or malformed", async () => {
      await expectDomainError(createRealm(ctx, "acme"), "REALM_EXISTS", /already exists/);
      await expectDomainError(createRealm(ctx, "no spaces"), "BAD_USER_INPUT");
    });
  });

  describe("client create", () => {
    it("returns a confidential client's secret once, never its hash", async () => {
      notes.length = 0;
      const result = await createClient(ctx, { realm: "acme", clientId: "backend", confidential: true, grant: ["client_credentials"] });
      expect(result.client).toMatchObject({ clientId: "backend", public: false, grants: ["client_credentials"] });
      expect(result.client).not.toHaveProperty("secretHash");
      expect(result.secret).toEqual(expect.any(String));
      const realm = await ctx.services.realms.require("acme");
      const stored = await ctx.services.clients.require(realm.id, "backend");
      expect(await ctx.services.clients.verifyClientSecret(stored, result.secret!)).toBe(true);
      expect(notes.join("\n")).toMatch(/shown only this once/);
    });

    it("creates a public client in the default realm without a secret", async () => {
      const result = await createClient(ctx, { clientId: "spa", grant: ["authorization_code"], redirectUri: ["https://app.example/cb"] });
      expect(result).toEqual({ client: expect.objectContaining({ clientId: "spa", public: true, redirectUris: ["https://app.example/cb"] }) });
      const master = await ctx.services.realms.require("master");
      expect(result.client.realmId).toBe(master.id);
    });

    it("refuses an unknown realm and a duplicate client id", async () => {
      await expectDomainError(createClient(ctx, { realm: "nowhere", clientId: "x", grant: ["password"] }), "REALM_NOT_FOUND");
      await expectDomainError(createClient(ctx, { realm: "acme", clientId: "backend", grant: ["password"] }), "CLIENT_EXISTS");
    });
  });

  describe("user create and set-password", () => {
    it("creates a user with the profile fields given", async () => {
      const user = await createUser(ctx, { realm: "acme", username: "carol", email: "carol@example.com", firstName: "Carol", lastName: "Danvers" });
      expect(user).toMatchObject({ username: "carol", email: "carol@example.com", firstName: "Carol", lastName: "Danvers" });
      // A random (v4) id, as every user gets: it is also the OIDC sub, and must not tell when the account was made.
      expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("applies the same field rules as the GraphQL input", async () => {
      await expectDomainError(createUser(ctx, { username: "has space" }), "BAD_USER_INPUT", /^username must be/);
      await expectDomainError(createUser(ctx, { username: "dave", email: "not-an-email" }), "BAD_USER_INPUT", /^email must be/);
      await expectDomainError(createUser(ctx, { realm: "acme", username: "CAROL" }), "USERNAME_TAKEN");
    });

    it("sets a password that then verifies", async () => {
      const user = await createUser(ctx, { username: "erin" });
      expect(await setUserPassword(ctx, user.id, "a long enough password")).toEqual({ userId: user.id, passwordSet: true });
      expect((await ctx.services.passwords.matchCurrent(user.id, "a long enough password"))?.userId).toBe(user.id);
      expect(await ctx.services.passwords.matchCurrent(user.id, "another password")).toBeUndefined();
    });

    it("refuses a short password and an unknown user", async () => {
      const user = await createUser(ctx, { username: "frank" });
      await expectDomainError(setUserPassword(ctx, user.id, "short"), "BAD_USER_INPUT", /at least/);
      await expectDomainError(setUserPassword(ctx, "0190f5a8-0000-7000-8000-000000000000", "a long enough password"), "USER_NOT_FOUND");
    });
  });

  describe("api-key create", () => {
    it("returns a token that authenticates with the scopes given, never the hash", async () => {
      const result = await createApiKey(ctx, { name: "deploy", scope: ["users:read", "users:write"] });
      expect(result.apiKey).toMatchObject({ name: "deploy", scopes: ["users:read", "users:write"] });
      expect(result.apiKey).not.toHaveProperty("secretHash");
      const key = await ctx.services.apiKeys.authenticate(result.token);
      expect(key?.id).toBe(result.apiKey.id);
    });

    it("refuses an unknown scope", async () => {
      await expectDomainError(createApiKey(ctx, { name: "bad", scope: ["root"] }), "BAD_USER_INPUT", /unknown scope: root/);
    });
  });
});
