import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "#src/http/index.js";
// The secret is base64url, "_" included: splitting the token on "_" could leave a fragment of a few characters (or none) to look for.
import { API_KEY_PATTERN } from "#src/services/api-keys/secret.js";
import { ADMIN_KEY, startTestServer, type TestServer } from "#test/support/server.js";

/** Every secret a request below carries; none may appear in any log line, at any level. */
const PASSWORD = "Correct-Horse-Battery-Staple-91";
const INLINE_PASSWORD = "Inline-Literal-Passw0rd-77";
const FORGED_TOKEN = "idk_AAAAAAAAAAAA_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
const COOKIE_SECRET = "session-cookie-secret-4242";

describe("structured logs", () => {
  const lines: string[] = [];
  let server: TestServer;
  let apiKeyToken: string;

  beforeAll(async () => {
    const logger = createLogger("trace", { write: (line: string) => void lines.push(line) });
    server = await startTestServer({ logger });

    const key = await server.gql(`mutation { createApiKey(input: {name: "ci", scopes: ["admin"]}) { token } }`);
    expect(key.errors).toBeUndefined();
    apiKeyToken = key.data!.createApiKey.token;

    const user = await server.gql(`mutation { createUser(input: {username: "logged"}) { id } }`, {}, apiKeyToken);
    expect(user.errors).toBeUndefined();
    const userId: string = user.data!.createUser.id;

    const set = await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: userId, p: PASSWORD });
    expect(set.data).toEqual({ setPassword: true });
    const inline = await server.gql(`mutation { setPassword(userId: "${userId}", password: "${INLINE_PASSWORD}") }`);
    expect(inline.data).toEqual({ setPassword: true });

    // Failures log more than successes do: a forged key, a password on an unknown user, a token in a query string.
    const forged = await server.gql("{ __typename }", {}, FORGED_TOKEN);
    expect(forged.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const missing = await server.gql(`mutation($p: String!) { setPassword(userId: "nobody", password: $p) }`, { p: PASSWORD });
    expect(missing.errors?.[0]?.extensions?.code).toBe("USER_NOT_FOUND");
    await fetch(`${server.publicUrl}/graphql?query=%7B__typename%7D&token=${apiKeyToken}`, {
      headers: { authorization: `Bearer ${apiKeyToken}`, cookie: `sid=${COOKIE_SECRET}`, "x-api-key": apiKeyToken },
    });
    await fetch(`${server.internalUrl}/nowhere?access_token=${apiKeyToken}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  });
  afterAll(() => server?.stop());

  it("writes request lines (so the checks below look at real output)", () => {
    const requests = lines.map((l) => JSON.parse(l)).filter((entry) => entry.req?.path === "/graphql");
    expect(requests.length).toBeGreaterThanOrEqual(6);
  });

  it("never contains a password, a token, an API key or a cookie", () => {
    const output = lines.join("");
    const secrets = { PASSWORD, INLINE_PASSWORD, FORGED_TOKEN, COOKIE_SECRET, ADMIN_KEY, apiKeyToken, apiKeySecret: API_KEY_PATTERN.exec(apiKeyToken)![2]! };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(output.includes(secret), `${name} appears in the logs`).toBe(false);
    }
  });
});

describe("logged errors of failed SQL statements", () => {
  it("keep the statement but drop the parameter values, in the error and in its causes", async () => {
    const { DrizzleQueryError } = await import("drizzle-orm/errors");
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    const driverError = Object.assign(new Error("duplicate key"), { parameters: ["ada@example.com", "$argon2id$secret-hash"] });
    const failure = new DrizzleQueryError('insert into "users" ("email", "hash") values ($1, $2)', ["ada@example.com", "$argon2id$secret-hash"], driverError);
    logger.error({ err: new Error("request failed", { cause: failure }) }, "request failed");
    const output = lines.join("");
    expect(output).toContain('insert into \\"users\\"');
    expect(output).not.toContain("ada@example.com");
    expect(output).not.toContain("secret-hash");
  });
});

describe("logged causes of a failed statement", () => {
  /** What each driver throws for a unique violation, as the test of database-errors shapes them. */
  const drivers = {
    "postgres-js": () => Object.assign(new Error('duplicate key value violates unique constraint "users_realm_email_key"'), {
      name: "PostgresError", severity: "ERROR", code: "23505", detail: "Key (email)=(ada@example.com) already exists.",
      schema_name: "public", table_name: "users", constraint_name: "users_realm_email_key", where: "unnamed portal parameter $1 = 'ada@example.com'",
    }),
    PGlite: () => Object.assign(new Error('duplicate key value violates unique constraint "users_realm_email_key"'), {
      code: "23505", detail: "Key (email)=(ada@example.com) already exists.", schema: "public", table: "users",
      constraint: "users_realm_email_key", params: ["ada@example.com", "$argon2id$secret-hash"], query: 'insert into "users" ("email", "hash") values ($1, $2)',
    }),
  };

  it.each(Object.entries(drivers))("keep %s's message, SQLSTATE, constraint, table and schema, never the values", async (_name, driverError) => {
    const { DrizzleQueryError } = await import("drizzle-orm/errors");
    const { GraphFailure } = await import("#compat/kit/index.js");
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    // A value with a newline and ": " in it, as a folded message would show it.
    const params = ["ada@example.com", "line one\nline two: $argon2id$secret-hash"];
    const failure = new DrizzleQueryError('insert into "users" ("email", "hash") values ($1, $2)', params, driverError());
    const wrapped = new GraphFailure({ code: "INTERNAL", message: "internal server error", internal: true }, failure);
    logger.error({ err: wrapped }, "compat route failed");
    // GraphQL's error keeps the driver's in an enumerable field, which pino serializes on its own.
    logger.error({ err: new GraphQLError("resolver failed", { originalError: failure }) }, "graphql resolver failed");
    const line = JSON.parse(lines[0]!);
    expect(line.err.causes).toEqual([
      expect.objectContaining({ type: "DrizzleQueryError", message: expect.stringContaining("params: [redacted]") }),
      expect.objectContaining({ message: 'duplicate key value violates unique constraint "users_realm_email_key"', sqlState: "23505", constraint: "users_realm_email_key", table: "users", schema: "public" }),
    ]);
    expect(line.err.message).toMatch(/^internal server error: Failed query: insert into "users" .*\nparams: \[redacted\]: duplicate key value violates/s);
    expect(JSON.parse(lines[1]!).err.causes).toEqual(line.err.causes);
    const output = lines.join("");
    expect(lines).toHaveLength(2);
    for (const value of ["ada@example.com", "secret-hash", "line two", "already exists"]) expect(output).not.toContain(value);
  });

  it("take the value out of a data exception's message", () => {
    const lines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
    const invalid = Object.assign(new Error('invalid input syntax for type uuid: "ada@example.com"'), { code: "22P02" });
    logger.error({ err: invalid }, "request failed");
    const line = JSON.parse(lines[0]!);
    expect(line.err).toMatchObject({ message: "invalid input syntax for type uuid: [redacted]", sqlState: "22P02" });
    expect(lines.join("")).not.toContain("ada@example.com");
  });
});
