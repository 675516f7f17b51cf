import { describe, expect, it } from "vitest";
import { ConfigError, hashesInFlight, loadConfig } from "./index.js";

/** The message loadConfig throws for an environment, or a failure if it does not throw. */
function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(Object.keys(env))}`);
}

describe("loadConfig defaults (DESIGN.md, Listeners and configuration)", () => {
  const config = loadConfig({});

  it("listens publicly on 8080 and internally on 127.0.0.1:8081", () => {
    expect(config).toMatchObject({ port: 8080, internalPort: 8081, internalHost: "127.0.0.1" });
  });

  it("uses the embedded store in ./data when DATABASE_URL is unset", () => {
    expect(config).toMatchObject({ databaseUrl: undefined, dataDir: "./data" });
  });

  it("has no admin key, auth host, SMTP, Redis, API access keys or RP origins", () => {
    expect(config).toMatchObject({
      adminApiKey: undefined,
      authHost: undefined,
      smtpUrl: undefined,
      redisUrl: undefined,
      apiAccessKeys: [],
      rpOrigins: [],
    });
  });

  it("allows no extra origins and keeps CORS closed", () => {
    expect(config).toMatchObject({ allowedOrigins: [], cors: { origins: [], credentials: false } });
  });

  it("reads ALLOWED_ORIGINS and CORS_ORIGINS as origins, as the Origin header spells them", () => {
    const env = { ALLOWED_ORIGINS: "https://App.example.com, http://localhost:5173/", CORS_ORIGINS: "https://app.example.com", CORS_CREDENTIALS: "true" };
    expect(loadConfig(env)).toMatchObject({ allowedOrigins: ["https://app.example.com", "http://localhost:5173"], cors: { origins: ["https://app.example.com"], credentials: true } });
  });

  it("trusts X-Forwarded-* from loopback proxies unless TRUST_PROXY names others", () => {
    expect(config.trustProxy).toEqual(["loopback"]);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, uniquelocal" }).trustProxy).toEqual(["10.0.0.0/8", "uniquelocal"]);
  });

  it("uses realm master, http://localhost:$PORT, its host as RP id, 'Identity' as RP name, Secure cookies", () => {
    expect(config).toMatchObject({
      defaultRealm: "master",
      publicUrl: "http://localhost:8080",
      rpId: "localhost",
      rpName: "Identity",
      authCookieSecure: true,
    });
    expect(loadConfig({ PORT: "9000" }).publicUrl).toBe("http://localhost:9000");
  });

  it("hashes passwords with argon2id at 64 MiB and 3 passes, and purges every 10 minutes", () => {
    expect(config).toMatchObject({
      passwordHash: { memoryCost: 65_536, timeCost: 3 },
      purgeIntervalSeconds: 600,
      retention: { sessionRetentionDays: 90, auditRetentionDays: 365 },
    });
  });

  it("runs one argon2id hash per core at once, never all of libuv's thread pool", () => {
    expect(hashesInFlight(undefined, 2)).toBe(2);
    expect(hashesInFlight(undefined, 16)).toBe(3);
    expect(hashesInFlight("16", 16)).toBe(15);
    expect(hashesInFlight("64", 16)).toBe(16);
    // As libuv reads the variable: unparsable is the default of 4, 0 is 1 thread, over 1024 is 1024.
    expect(hashesInFlight("many", 8)).toBe(3);
    expect(hashesInFlight("0", 8)).toBe(1);
    expect(hashesInFlight("2", 8)).toBe(1);
    expect(hashesInFlight("5000", 2048)).toBe(1023);
  });

  it("lets authenticated callers introspect the graph, and reads the other modes", () => {
    expect(loadConfig({}).graphqlIntrospection).toBe("authenticated");
    expect(loadConfig({ GRAPHQL_INTROSPECTION: "all" }).graphqlIntrospection).toBe("all");
    expect(loadConfig({ GRAPHQL_INTROSPECTION: "off" }).graphqlIntrospection).toBe("off");
  });

  it("counts failed credential checks as Keycloak does: 5 per account, 50 per address, waits of 60 s up to 15 min, reset after 12 h", () => {
    expect(config.bruteForce).toEqual({ failureFactor: 5, addressFailureFactor: 50, waitIncrementSeconds: 60, maxWaitSeconds: 900, failureResetSeconds: 43_200, permanentLockout: false });
    expect(loadConfig({ BRUTE_FORCE_PERMANENT_LOCKOUT: "true" }).bruteForce.permanentLockout).toBe(true);
  });

  it("ignores variables it does not know (a real environment has many)", () => {
    expect(loadConfig({ HOME: "/root", PATH: "/bin" }).port).toBe(8080);
  });
});

describe("loadConfig parsing", () => {
  it("reads ports, lists, booleans and URLs", () => {
    const config = loadConfig({
      PORT: "0",
      INTERNAL_PORT: "9091",
      DATABASE_URL: "memory://",
      PUBLIC_URL: "https://id.example.com/",
      API_ACCESS_KEYS: " k1 , k2,,",
      RP_ORIGINS: "https://a.example,https://b.example",
      AUTH_COOKIE_SECURE: "false",
    });
    expect(config).toMatchObject({
      port: 0,
      internalPort: 9091,
      databaseUrl: "memory://",
      publicUrl: "https://id.example.com",
      rpId: "id.example.com",
      apiAccessKeys: ["k1", "k2"],
      rpOrigins: ["https://a.example", "https://b.example"],
      authCookieSecure: false,
    });
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });
});

describe("loadConfig rejects invalid values, naming the variable", () => {
  const cases: [string, Record<string, string>][] = [
    ["PORT", { PORT: "http" }],
    ["PORT", { PORT: "70000" }],
    ["INTERNAL_PORT", { INTERNAL_PORT: "-1" }],
    ["DEFAULT_REALM", { DEFAULT_REALM: "has space" }],
    ["PUBLIC_URL", { PUBLIC_URL: "not a url" }],
    ["AUTH_COOKIE_SECURE", { AUTH_COOKIE_SECURE: "maybe" }],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }],
    ["PASSWORD_HASH_MEMORY_KIB", { PASSWORD_HASH_MEMORY_KIB: "1024" }],
    ["PASSWORD_HASH_TIME_COST", { PASSWORD_HASH_TIME_COST: "0" }],
    ["PURGE_INTERVAL_SECONDS", { PURGE_INTERVAL_SECONDS: "-5" }],
    ["ALLOWED_ORIGINS", { ALLOWED_ORIGINS: "https://app.example.com/path" }],
    ["CORS_ORIGINS", { CORS_ORIGINS: "*" }],
    ["CORS_CREDENTIALS", { CORS_CREDENTIALS: "maybe" }],
    ["TRUST_PROXY", { TRUST_PROXY: "10.0.0.0/33" }],
    ["SECRETS_KEY_PREVIOUS", { SECRETS_KEY_PREVIOUS: "x".repeat(32) + ",short" }],
    ["SIGNING_KEY_ROTATION_DAYS", { SIGNING_KEY_ROTATION_DAYS: "-1" }],
    ["GRAPHQL_INTROSPECTION", { GRAPHQL_INTROSPECTION: "anonymous" }],
    ["BRUTE_FORCE_FAILURE_FACTOR", { BRUTE_FORCE_FAILURE_FACTOR: "0" }],
    ["BRUTE_FORCE_ADDRESS_FAILURE_FACTOR", { BRUTE_FORCE_ADDRESS_FAILURE_FACTOR: "many" }],
    ["BRUTE_FORCE_WAIT_INCREMENT_SECONDS", { BRUTE_FORCE_WAIT_INCREMENT_SECONDS: "0" }],
    ["BRUTE_FORCE_MAX_WAIT_SECONDS", { BRUTE_FORCE_MAX_WAIT_SECONDS: "-1" }],
    ["BRUTE_FORCE_FAILURE_RESET_SECONDS", { BRUTE_FORCE_FAILURE_RESET_SECONDS: "1.5" }],
    ["BRUTE_FORCE_PERMANENT_LOCKOUT", { BRUTE_FORCE_PERMANENT_LOCKOUT: "maybe" }],
  ];
  for (const [variable, env] of cases) {
    it(`${variable}=${Object.values(env)[0]}`, () => {
      expect(problemOf(env)).toMatch(new RegExp(`\\b${variable}\\b`));
    });
  }

  it("names every problem at once", () => {
    const message = problemOf({ PORT: "x", LOG_LEVEL: "loud" });
    expect(message).toMatch(/\bPORT\b/);
    expect(message).toMatch(/\bLOG_LEVEL\b/);
  });
});

describe("loadConfig never echoes a secret", () => {
  it("names a too-short ADMIN_API_KEY without its value", () => {
    const message = problemOf({ ADMIN_API_KEY: "hunter2-secret" });
    expect(message).toMatch(/\bADMIN_API_KEY\b/);
    expect(message).not.toContain("hunter2-secret");
  });

  it("names a too-short SECRETS_KEY without its value", () => {
    const message = problemOf({ SECRETS_KEY: "tiny-secrets-key" });
    expect(message).toMatch(/\bSECRETS_KEY\b/);
    expect(message).not.toContain("tiny-secrets-key");
  });

  it("names a too-short SECRETS_KEY_PREVIOUS entry without its value", () => {
    const message = problemOf({ SECRETS_KEY_PREVIOUS: "previous-secret-short" });
    expect(message).toMatch(/\bSECRETS_KEY_PREVIOUS\b/);
    expect(message).not.toContain("previous-secret-short");
  });

  it("asks for SECRETS_KEY on PostgreSQL without echoing the database password", () => {
    const message = problemOf({ DATABASE_URL: "postgres://app:db-password-123@db.internal/identity" });
    expect(message).toMatch(/\bSECRETS_KEY\b/);
    expect(message).not.toContain("db-password-123");
  });

  it("does not echo secrets that sit beside an invalid value", () => {
    const secrets = {
      ADMIN_API_KEY: "admin-key-0123456789abcdef",
      SECRETS_KEY: "secrets-key-0123456789abcdef0123456789",
      SMTP_URL: "smtp://mailer:smtp-password-456@mail.internal",
      REDIS_URL: "redis://:redis-password-789@cache.internal",
      API_ACCESS_KEYS: "broker-key-one,broker-key-two",
    };
    const message = problemOf({ ...secrets, PORT: "nope" });
    for (const value of [...Object.values(secrets), "broker-key-one", "smtp-password-456", "redis-password-789"]) {
      expect(message).not.toContain(value);
    }
  });
});
