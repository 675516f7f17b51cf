import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { configureHashCost } from "#src/services/passwords/index.js";
import { brokerClient, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import type { TestServer } from "#test/support/server.js";
import { newUser, PASSWORD, passwordGrant } from "../oidc/support.js";

const hashOf = async (server: TestServer, userId: string) =>
  (await server.database.db.select({ hash: tables.passwords.hash }).from(tables.passwords).where(eq(tables.passwords.userId, userId)))[0]!.hash;

/**
 * PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_TIME_COST set the cost of new hashes; a login whose
 * password was hashed at another cost stores a new hash at the configured one. The cost is changed
 * as a restart with a new configuration would (start-up calls configureHashCost).
 */
describe("argon2id parameters from the configuration, rehashed at login", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startBrokerServer();
  });
  afterAll(() => server?.stop());

  it("new hashes use the configured parameters", async () => {
    const user = await newUser(server);
    expect(await hashOf(server, user.id)).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=4\$/);
  });

  it("an OIDC password grant and an ID Broker authentication rehash a hash made at the old cost; a wrong password does not", async () => {
    const viaOidc = await newUser(server);
    const viaBroker = await newUser(server);
    const old = await hashOf(server, viaBroker.id);
    configureHashCost({ memoryCost: 8192, timeCost: 2 });
    try {
      expect((await passwordGrant(server, viaOidc.username, { password: "wrong password" })).status).toBe(401);
      expect((await brokerClient(server).post("/authentication", { username: viaBroker.username, password: "wrong password" })).status).toBe(400);
      expect(await hashOf(server, viaBroker.id)).toBe(old);

      expect((await passwordGrant(server, viaOidc.username)).status).toBe(200);
      expect((await brokerClient(server).post("/authentication", { username: viaBroker.username, password: PASSWORD })).status).toBe(200);
      for (const user of [viaOidc, viaBroker]) expect(await hashOf(server, user.id)).toMatch(/^\$argon2id\$v=19\$m=8192,t=2,p=4\$/);
      // The new hash verifies the same password.
      expect((await passwordGrant(server, viaOidc.username)).status).toBe(200);
    } finally {
      configureHashCost(server.config.passwordHash);
    }
  });
});
