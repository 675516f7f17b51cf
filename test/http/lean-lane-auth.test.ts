import { connect } from "node:net";
import { Writable } from "node:stream";
import type { RequestHandler } from "express";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineContract, reply, route } from "#compat/kit/index.js";
import { leanRoutesOf } from "#compat/kit/lean.js";
import { ManualClock } from "#src/services/clock/index.js";
import type { Services } from "#src/services/index.js";
import { claimsOf, loginTicket, newAuthUser, type Ticket } from "#test/support/auth-service.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const WHO_AM_I = "/system/auth/who-am-i";
const AUTHENTICATE = ["/internal/auth/api/authenticate", "/internal/auth/authenticate"];
const JWT = /[\w-]+\.[\w-]+\.[\w-]+/g;

/**
 * The auth-service ticket checks on the lean lane (src/http/lean-lane.ts): bodiless POSTs. The
 * same request with a query string (which these routes never read: no query schema, and the
 * principal hook reads only headers) takes express, so each pair is one answer from each path.
 */
describe("lean lane: auth-service who-am-i and authenticate", () => {
  const clock = new ManualClock();
  const lines: Record<string, unknown>[] = [];
  let server: TestServer;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  let user: { numericId: number; username: string };
  let live: Ticket;
  let second: Ticket;
  let revoked: Ticket;
  let aging: Ticket;

  const leanLines = () => lines.filter((line) => line.lane === "lean");
  const ticketHeaders = (parts: { token?: string; cookie?: string; tokenHeader?: string }): Record<string, string> => ({
    ...(parts.token === undefined ? {} : { [parts.tokenHeader ?? "Authentication"]: parts.token }),
    ...(parts.cookie === undefined ? {} : { cookie: `refreshId=${encodeURIComponent(parts.cookie)}` }),
  });

  // Headers that differ between any two responses whatever served them; a fresh token's value differs per issue.
  const stable = (headers: Headers) =>
    Object.fromEntries([...headers].filter(([name]) => !["date", "x-request-id", "keep-alive", "connection"].includes(name)).map(([name, value]) => [name, value.replace(JWT, "<jwt>")]));
  const answer = async (url: string, init: RequestInit) => {
    const res = await fetch(url, { method: "POST", ...init });
    return { status: res.status, headers: stable(res.headers), setCookie: res.headers.getSetCookie(), body: await res.text(), token: res.headers.get("authentication") };
  };

  /** A fresh token must verify offline against the published keys and name the session of the cookie sent. */
  const expectFreshToken = async (token: string | null, cookie: string) => {
    expect(token).toMatch(/^bearer /);
    const { payload } = await jwtVerify(token!.slice(7), jwks, { issuer: `${server.config.publicUrl}/realms/master`, currentDate: clock.now() });
    expect(payload).toMatchObject({ sessionId: claimsOf(cookie).sessionId, userId: user.numericId });
  };

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    server = await startTestServer({ clock, logger: pino({ level: "info" }, sink) });
    user = await newAuthUser(server);
    [live, second, revoked, aging] = [await loginTicket(server, user.username), await loginTicket(server, user.username), await loginTicket(server, user.username), await loginTicket(server, user.username)];
    const ended = await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: claimsOf(revoked.token).sessionId });
    expect(ended.errors).toBeUndefined();
    jwks = createLocalJWKSet((await (await fetch(`${server.publicUrl}/realms/master/protocol/openid-connect/certs`)).json()) as JSONWebKeySet);
  });
  afterAll(() => server?.stop());

  type Case = [name: string, make: () => [url: string, headers: Record<string, string>, cookie?: string], status: number, fresh: boolean];
  const whoAmI = (parts: Parameters<typeof ticketHeaders>[0]): [string, Record<string, string>, string?] => [server.publicUrl + WHO_AM_I, ticketHeaders(parts), parts.cookie];
  const authenticate = (path: string) => (parts: Parameters<typeof ticketHeaders>[0]): [string, Record<string, string>, string?] => [server.internalUrl + path, ticketHeaders(parts), parts.cookie];
  const expire = () => clock.advance(11 * 60_000);

  const cases: Case[] = [
    ["who-am-i, a live cookie", () => whoAmI({ cookie: live.cookie }), 200, true],
    ["who-am-i, no ticket", () => whoAmI({}), 200, false],
    ["who-am-i, the token without its cookie", () => whoAmI({ token: live.token }), 200, false],
    ["who-am-i, a revoked session's cookie", () => whoAmI({ cookie: revoked.cookie }), 403, false],
    ["who-am-i, a garbage cookie", () => whoAmI({ cookie: "garbage" }), 403, false],
    ...AUTHENTICATE.flatMap((path): Case[] => [
      [`${path}, a valid ticket`, () => authenticate(path)({ token: live.token, cookie: live.cookie }), 200, true],
      [`${path}, a valid ticket in Authorization, Bearer`, () => authenticate(path)({ token: live.token.replace("bearer", "Bearer"), tokenHeader: "authorization", cookie: live.cookie }), 200, true],
      [`${path}, no ticket`, () => authenticate(path)({}), 200, false],
      [`${path}, the token without its cookie`, () => authenticate(path)({ token: live.token }), 403, false],
      [`${path}, the cookie without its token`, () => authenticate(path)({ cookie: live.cookie }), 403, false],
      [`${path}, token and cookie of different sessions`, () => authenticate(path)({ token: live.token, cookie: second.cookie }), 403, false],
      [`${path}, a revoked session's ticket`, () => authenticate(path)({ token: revoked.token, cookie: revoked.cookie }), 403, false],
      [`${path}, a garbage Authentication header`, () => authenticate(path)({ token: "garbage", cookie: live.cookie }), 403, false],
    ]),
    // Last: the clock moves past the access tokens' 10 minutes for every ticket above.
    ["who-am-i after the token expired, a live cookie", () => (expire(), whoAmI({ token: aging.token, cookie: aging.cookie })), 200, true],
    ...AUTHENTICATE.map((path): Case => [`${path}, an expired token beside a live cookie`, () => (expire(), authenticate(path)({ token: aging.token, cookie: aging.cookie })), 200, true]),
  ];

  it.each(cases)("answers %s as express does, and serves it itself", async (_name, make, status, fresh) => {
    const [url, headers, cookie] = make();
    const before = leanLines().length;
    const lean = await answer(url, { headers });
    expect(leanLines()).toHaveLength(before + 1);
    expect(leanLines().at(-1)).toMatchObject({ req: { method: "POST", path: new URL(url).pathname }, res: { statusCode: status } });
    const viaExpress = await answer(`${url}?via=express`, { headers });
    expect(leanLines()).toHaveLength(before + 1);
    expect(lean.status).toBe(status);
    expect({ ...lean, token: undefined }).toEqual({ ...viaExpress, token: undefined });
    if (fresh) {
      await expectFreshToken(lean.token, cookie!);
      await expectFreshToken(viaExpress.token, cookie!);
    } else {
      expect([lean.token, viaExpress.token]).toEqual([null, null]);
    }
  });

  /** A POST written byte for byte, `rest` after its headers: fetch sends Content-Length: 0 for no body, and even for an empty stream. */
  const rawPost = (path: string, cookie: string, rest: string) =>
    new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(server.publicUrl);
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("error", reject);
      socket.on("close", () => resolve(Number(Buffer.concat(chunks).toString("latin1").split(" ")[1])));
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\nCookie: refreshId=${encodeURIComponent(cookie)}\r\n${rest}`);
    });

  it("serves a POST without Content-Length too: no body at all", async () => {
    const before = leanLines().length;
    expect(await rawPost(WHO_AM_I, live.cookie, "\r\n")).toBe(200);
    expect(leanLines()).toHaveLength(before + 1);
  });

  it("leaves to express a POST that has a body or a body's headers, another method, or another spelling of the path", async () => {
    const cookie = { cookie: `refreshId=${encodeURIComponent(live.cookie)}` };
    const before = leanLines().length;
    const lean = await answer(server.publicUrl + WHO_AM_I, { headers: cookie });
    for (const init of [
      { headers: { ...cookie, "content-type": "application/json" }, body: "{}" },
      { headers: { ...cookie, "content-type": "application/json" }, body: "" },
    ]) {
      expect({ ...(await answer(server.publicUrl + WHO_AM_I, init)), token: undefined }).toEqual({ ...lean, token: undefined });
    }
    expect(await rawPost(WHO_AM_I, live.cookie, "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")).toBe(200);
    // Why an empty body with a Content-Type is express's: body-parser refuses the charset before it reads anything.
    const latin1 = await answer(server.publicUrl + WHO_AM_I, { headers: { ...cookie, "content-type": "application/json; charset=latin1" }, body: "" });
    expect([latin1.status, JSON.parse(latin1.body)]).toEqual([415, { success: false, message: "unsupported request body encoding" }]);
    expect((await fetch(server.publicUrl + WHO_AM_I, { headers: cookie })).status).toBe(404);
    expect((await answer(server.publicUrl + WHO_AM_I.toUpperCase().replace("/SYSTEM/AUTH", "/system/auth"), { headers: cookie })).status).toBe(200);
    expect(leanLines()).toHaveLength(before + 1);
  });
});

describe("lean routes at start-up", () => {
  const contract = (definition: Parameters<typeof route>[0]) =>
    defineContract({ name: "lean-check", listener: "public", basePath: "/lean-check", documents: {}, invalidRequest: (message, status) => reply(status, { message }), errors: { INTERNAL: reply(500, {}) }, routes: [route(definition)] });
  const runtime = { services: {} as Services, defaultRealm: "master" };
  const handle = async () => reply(200, {});
  const steps = { parseBody: ((_req, _res, next) => next()) as RequestHandler, malformedReply: () => reply(400, {}) };

  it("takes a GET or a POST without a body schema, and refuses any other lean route", () => {
    expect(leanRoutesOf(contract({ method: "post", path: "/:id", params: z.object({ id: z.string() }), lean: true, handle }), {}, runtime, steps).map((r) => r.method)).toEqual(["POST"]);
    expect(leanRoutesOf(contract({ method: "get", path: "/x", lean: true, handle }), {}, runtime, steps).map((r) => r.method)).toEqual(["GET"]);
    expect(leanRoutesOf(contract({ method: "get", path: "/x", query: z.object({}), lean: true, handle }), {}, runtime, steps).map((r) => r.method)).toEqual(["GET"]);
    for (const definition of [
      { method: "post" as const, path: "/x", body: z.object({}), lean: true as const, handle },
      { method: "put" as const, path: "/x", lean: true as const, handle },
    ]) {
      expect(() => leanRoutesOf(contract(definition), {}, runtime, steps)).toThrow(/only a GET or POST without a body schema can be lean/);
    }
  });

  it("reads a body only for a POST of a form contract", () => {
    const post = { method: "post" as const, path: "/x", lean: true as const, handle };
    expect(leanRoutesOf(contract(post), {}, runtime, steps).map((r) => r.readsBody)).toEqual([false]);
    const form = defineContract({ ...contract(post), bodyFormat: "form", routes: [route(post), route({ ...post, method: "get" })] });
    expect(leanRoutesOf(form, {}, runtime, steps).map((r) => r.readsBody)).toEqual([true, false]);
  });

  it("reads the query only for a route with a query schema, and leaves a malformed one to express", () => {
    const [withQuery] = leanRoutesOf(contract({ method: "get", path: "/x", query: z.object({ a: z.string() }), lean: true, handle }), {}, runtime, steps);
    const [without] = leanRoutesOf(contract({ method: "get", path: "/x", lean: true, handle }), {}, runtime, steps);
    expect(withQuery!.match("/lean-check/x", "a=1&a=2&b=%C3%A9")).toEqual({ params: {}, query: Object.assign(Object.create(null), { a: ["1", "2"], b: "\u00e9" }) });
    expect(withQuery!.match("/lean-check/x", "")).toEqual({ params: {}, query: Object.create(null) });
    expect(withQuery!.match("/lean-check/x", "a=%C3%28")).toBeUndefined();
    expect(withQuery!.match("/lean-check/x", "a=%00")).toBeUndefined();
    expect(without!.match("/lean-check/x", "")).toEqual({ params: {} });
    expect(without!.match("/lean-check/x", "a=1")).toBeUndefined();
  });
});
