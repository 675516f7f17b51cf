import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts } from "#compat/index.js";
import { resolveContract, type Listener } from "#compat/kit/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const NOT_FOUND = { error: "not found" };
const SAMPLE_ID = "0190f5a8-0000-7000-8000-000000000000";

/** A concrete URL path for an express route pattern: every parameter filled, optional groups kept. */
function concretePath(pattern: string): string {
  return pattern.replace(/[:*]([A-Za-z0-9_]+)/g, SAMPLE_ID).replace(/[{}]/g, "");
}

describe("listener separation", () => {
  let server: TestServer;
  const urlOf = (listener: Listener) => (listener === "public" ? server.publicUrl : server.internalUrl);
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("serves /graphql on the public listener", async () => {
    const res = await server.gql("{ __typename }");
    expect(res).toEqual({ data: { __typename: "Query" } });
  });

  it("does not serve /graphql on the internal listener", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await fetch(`${server.internalUrl}/graphql`, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "POST" ? JSON.stringify({ query: "{ __typename }" }) : undefined,
      });
      expect(res.status, method).toBe(404);
      expect(await res.json()).toEqual(NOT_FOUND);
    }
  });

  it("serves no route of a contract on the other listener", async () => {
    let checked = 0;
    for (const contract of contracts.map((source) => resolveContract(source, server.config))) {
      const other: Listener = contract.listener === "public" ? "internal" : "public";
      for (const route of contract.routes) {
        const path = contract.basePath + concretePath(route.path);
        const res = await fetch(`${urlOf(other)}${path}`, {
          method: route.method.toUpperCase(),
          headers: { "content-type": "application/json" },
          body: route.method === "get" ? undefined : "{}",
        });
        expect(res.status, `${contract.name} ${route.method} ${path} on ${other}`).toBe(404);
        expect(await res.json()).toEqual(NOT_FOUND);
        checked++;
      }
    }
    // The loop must have looked at something, or the test proves nothing.
    expect(checked).toBeGreaterThan(0);
  });

  it("answers an unknown path with a JSON 404 on both listeners", async () => {
    for (const listener of ["public", "internal"] as const) {
      const res = await fetch(`${urlOf(listener)}/no/such/path`);
      expect(res.status, listener).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(NOT_FOUND);
    }
  });
});

describe("request bodies on /graphql", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const post = (body: string) =>
    fetch(`${server.publicUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("refuses a JSON body over the 100kb limit with 413", async () => {
    const body = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(101 * 1024) } });
    const res = await post(body);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "request body is too large" });
  });

  it("accepts a body just under the limit", async () => {
    const body = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(90 * 1024) } });
    const res = await post(body);
    expect(res.status).toBe(200);
  });

  it("answers malformed JSON with 400 and a clear message", async () => {
    const res = await post('{"query": "{ __typename }"');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "request body is not valid JSON" });
  });
});
