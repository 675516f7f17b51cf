import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "#src/http/index.js";
import { kitContract, kitInternalContract } from "#test/compat-kit/fixture-contracts.js";
import { rawRequest } from "#test/support/raw-http.js";
import { ADMIN_KEY, startTestServer, type TestServer } from "#test/support/server.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A value that goes into the failing INSERT as a parameter and into PostgreSQL's DETAIL: it must not be logged. */
const SECRET_NAME = "parameter-value-4f1c9e";

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  err?: Record<string, any>;
}

describe("request ids and the cause of a 500", () => {
  const lines: string[] = [];
  const parsed = () => lines.map((line) => JSON.parse(line) as LogLine);
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ logger: createLogger("info", { write: (line: string) => void lines.push(line) }), extraContracts: [kitContract, kitInternalContract] });
    // A real driver error, on both backends: an INSERT into users fails with a SQLSTATE, a
    // constraint, a table, and a DETAIL quoting the value (as a unique violation's does).
    await server.database.db.execute(sql.raw(`
      create function refuse_forced_user() returns trigger language plpgsql as $$
      begin
        if new.username like 'forced-%' then
          raise exception using message = 'forced failure', errcode = '23514', constraint = 'users_forced_check',
            table = 'users', schema = 'public', detail = 'Key (username)=(' || new.username || ') is refused';
        end if;
        return new;
      end $$`));
    await server.database.db.execute(sql.raw(`create trigger refuse_forced_user before insert on users for each row execute function refuse_forced_user()`));
  });
  afterAll(() => server?.stop());

  /** The one error line of a request, found by the id its response showed. */
  const errorLineOf = (requestId: string, msg: string) => {
    const found = parsed().filter((line) => line.reqId === requestId && line.msg === msg);
    expect(found, `${msg} lines of ${requestId}`).toHaveLength(1);
    return found[0]!;
  };

  const expectDriverCause = (line: LogLine) => {
    expect(line.level).toBe(50);
    // The chain down to the driver's error: its message, SQLSTATE, constraint, table, schema.
    expect(line.err!.causes).toEqual(expect.arrayContaining([
      expect.objectContaining({ message: "forced failure", sqlState: "23514", constraint: "users_forced_check", table: "users", schema: "public" }),
    ]));
    expect(line.err!.message).toContain("forced failure");
    // The statement is kept, its values are not.
    expect(JSON.stringify(line)).toMatch(/insert into \\"users\\"/);
  };

  it("a compat route's 500: the log line has the request id, the SQLSTATE and the driver message, not the values", async () => {
    const res = await fetch(`${server.publicUrl}/kit/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: `forced-${SECRET_NAME}` }) });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ fault: { kind: "broken", detail: "something went wrong" } });
    const requestId = res.headers.get("x-request-id")!;
    expect(requestId).toMatch(UUID);
    const line = errorLineOf(requestId, "compat route failed");
    expectDriverCause(line);
    expect(line).toMatchObject({ contract: "kit-test", domainCode: "INTERNAL" });
    // pino-http's own line of the request carries the same id.
    expect(parsed().some((l) => l.reqId === requestId && l.msg === "request errored")).toBe(true);
    expect(lines.join("\n")).not.toContain(SECRET_NAME);
    expect(lines.join("\n")).not.toContain("is refused");
  });

  it("a GraphQL resolver's fault: the same, under the request's id", async () => {
    const res = await fetch(`${server.publicUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_KEY}`, "x-request-id": "trace-graphql-1" },
      body: JSON.stringify({ query: `mutation($u: String!) { createUser(input: {username: $u}) { id } }`, variables: { u: `forced-${SECRET_NAME}` } }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({ message: "internal server error", extensions: { code: "INTERNAL" } });
    expect(res.headers.get("x-request-id")).toBe("trace-graphql-1");
    expectDriverCause(errorLineOf("trace-graphql-1", "graphql resolver failed"));
    expect(lines.join("\n")).not.toContain(SECRET_NAME);
  });

  it("an unexpected throw in a route: its message and the request id, on a bare 500", async () => {
    const res = await fetch(`${server.publicUrl}/kit/explode`, { method: "POST", headers: { "x-request-id": "explode-1" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("explode-1");
    const line = errorLineOf("explode-1", "compat route failed");
    expect(line.err!.message).toContain("disk /var/lib/secret-volume exploded");
  });

  describe("X-Request-Id", () => {
    it.each([
      ["a UUID", "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b"],
      ["a proxy's token", "req_01HZX3Y4:edge.7+abc=/z"],
      ["64 characters", "a".repeat(64)],
    ])("echoes an incoming safe id (%s) on the response and in the log", async (_name, id) => {
      const res = await fetch(`${server.publicUrl}/healthz`, { headers: { "x-request-id": id } });
      expect(res.headers.get("x-request-id")).toBe(id);
      expect(parsed().some((line) => line.reqId === id)).toBe(true);
    });

    it.each([
      ["too long", "a".repeat(65)],
      ["with a space", "two words"],
      ["with quotes and braces", `"},"level":60,"x":"`],
      ["with a semicolon", "a;b"],
      ["empty", ""],
    ])("replaces an unsafe incoming id (%s) with a fresh UUID", async (_name, id) => {
      const res = await fetch(`${server.publicUrl}/healthz`, { headers: { "x-request-id": id } });
      const shown = res.headers.get("x-request-id")!;
      expect(shown).toMatch(UUID);
      expect(parsed().some((line) => line.reqId === shown)).toBe(true);
      if (id) expect(lines.join("\n")).not.toContain(JSON.stringify(id).slice(1, -1));
    });

    it("replaces an id with bytes beyond ASCII, or given twice", async () => {
      const bytes = await rawRequest(server.publicUrl, { method: "GET", target: "/healthz", headers: [Buffer.concat([Buffer.from("X-Request-Id: abc"), Buffer.from([0xed, 0xa0, 0x80])])] });
      expect(bytes.headers["x-request-id"]).toMatch(UUID);
      const twice = await rawRequest(server.publicUrl, { method: "GET", target: "/healthz", headers: ["X-Request-Id: one", "X-Request-Id: two"] });
      expect(twice.headers["x-request-id"]).toMatch(UUID);
    });

    it("every answer has one, fresh for each request, on both listeners, 404s and refusals included", async () => {
      const answers = await Promise.all([
        fetch(`${server.publicUrl}/healthz`),
        fetch(`${server.publicUrl}/healthz`),
        fetch(`${server.publicUrl}/nowhere`),
        fetch(`${server.internalUrl}/kit-internal/ping`),
        fetch(`${server.publicUrl}/kit/users`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
        fetch(`${server.publicUrl}/kit/sessions/%ED%A0%80`),
      ]);
      const ids = answers.map((res) => res.headers.get("x-request-id"));
      for (const id of ids) expect(id).toMatch(UUID);
      expect(new Set(ids).size).toBe(ids.length);
      expect(answers.map((res) => res.status)).toEqual([200, 200, 404, 200, 400, 400]);
    });
  });
});
