import { eq } from "drizzle-orm";
import { exportSPKI, generateKeyPair, importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { keyRingOf, sealer } from "#src/services/secrets/index.js";
import { authCall, loginTicket, newAuthUser } from "#test/support/auth-service.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { confidentialClient, newUser, passwordGrant, postForm, protocolUrl, userinfo } from "../oidc/support.js";

/** The contract's refusal of a token: one that is no JWT of three parts (alg none's empty signature) or one that does not verify. */
const REFUSED_TOKEN = /^Authentication failed! The access token (is not valid|must be 'bearer <jwt>')$/;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const partsOf = (jwt: string) => {
  const [header, payload] = jwt.split(".");
  return { header: JSON.parse(Buffer.from(header!, "base64url").toString()) as Record<string, unknown>, payload: JSON.parse(Buffer.from(payload!, "base64url").toString()) as JWTPayload };
};

/**
 * Every form of forged JWT, made from a genuine token's claims, is refused by every surface that
 * reads a JWT: the OIDC userinfo and introspection endpoints, the GraphQL bearer and the
 * auth-service ticket. Each surface first accepts the genuine token, so a refusal is the forgery's.
 */
describe("forged and stale JWTs are refused everywhere", () => {
  const clock = new ManualClock();
  let server: TestServer;
  let publicJwk: JWK;
  let otherRealmKey: { kid: string; sign: (payload: JWTPayload) => Promise<string> };
  let clientSecret: string;

  /** The forms an attacker would try, each from the claims (and kid) of a genuine token. */
  async function forgeries(genuine: string): Promise<Record<string, string>> {
    const { header, payload } = partsOf(genuine);
    const kid = header.kid as string;
    const [h, p, signature] = genuine.split(".");
    const pem = await exportSPKI((await importJWK(publicJwk, "RS256")) as CryptoKey);
    const stranger = await generateKeyPair("RS256");
    return {
      "alg none": `${b64({ alg: "none", typ: "JWT", kid })}.${p}.`,
      "HS256 keyed with the realm's public key": await new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT", kid }).sign(new TextEncoder().encode(pem)),
      "a foreign kid": await new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: "0190f0c0-dead-7000-8000-00000000beef" }).sign(stranger.privateKey),
      "the realm's kid, another key": await new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(stranger.privateKey),
      "signed by another realm's key": await otherRealmKey.sign(payload),
      tampered: `${h}.${b64({ ...payload, exp: (payload.exp ?? 0) + 3600 })}.${signature}`,
    };
  }

  const introspect = (token: string) =>
    postForm(protocolUrl(server, "master", "/token/introspect"), { token, client_id: "introspector", client_secret: clientSecret });
  const graphAsBearer = async (token: string) => {
    const res = await server.gql(`query { realms { name } }`, {}, token);
    return res.errors?.[0]?.extensions?.code ?? "OK";
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    publicJwk = ((await (await fetch(protocolUrl(server, "master", "/certs"))).json()) as { keys: JWK[] }).keys[0]!;
    clientSecret = await confidentialClient(server, "introspector");
    // A second realm whose key an attacker might hold (say, its own admin): its tokens must not pass as master's.
    expect((await server.gql(`mutation { createRealm(input: {name: "other"}) { name } }`)).errors).toBeUndefined();
    expect((await fetch(protocolUrl(server, "other", "/certs"))).status).toBe(200);
    const [other] = await server.database.db.select({ id: tables.realms.id }).from(tables.realms).where(eq(tables.realms.name, "other"));
    const [row] = await server.database.db.select().from(tables.signingKeys).where(eq(tables.signingKeys.realmId, other!.id));
    const pkcs8 = sealer(() => keyRingOf(server.config), "signing-keys").open(row!.id, row!.privateKeyEncrypted);
    const key = await importPKCS8(pkcs8, "RS256");
    otherRealmKey = { kid: row!.id, sign: (payload) => new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: row!.id }).sign(key) };
  });
  afterAll(() => server?.stop());

  it("OIDC userinfo and introspection", async () => {
    const user = await newUser(server);
    const genuine = (await passwordGrant(server, user.username)).body.access_token as string;
    expect((await userinfo(server, genuine)).status).toBe(200);
    expect((await introspect(genuine)).body).toMatchObject({ active: true });
    for (const [form, token] of Object.entries(await forgeries(genuine))) {
      expect({ form, status: (await userinfo(server, token)).status }).toEqual({ form, status: 401 });
      expect({ form, body: (await introspect(token)).body }).toEqual({ form, body: { active: false } });
    }
  });

  it("the GraphQL bearer", async () => {
    const user = await newUser(server);
    const genuine = (await passwordGrant(server, user.username)).body.access_token as string;
    expect(await graphAsBearer(genuine)).not.toBe("UNAUTHENTICATED");
    for (const [form, token] of Object.entries(await forgeries(genuine))) {
      expect({ form, code: await graphAsBearer(token) }).toEqual({ form, code: "UNAUTHENTICATED" });
    }
  });

  it("the auth-service ticket (internal authenticate, with the genuine cookie)", async () => {
    const user = await newAuthUser(server);
    const ticket = await loginTicket(server, user.username);
    const authenticate = (token: string) => authCall(server.internalUrl, "POST", "/internal/auth/api/authenticate", { token, cookie: ticket.cookie });
    expect((await authenticate(ticket.token)).status).toBe(200);
    for (const [form, token] of Object.entries(await forgeries(ticket.token.replace(/^bearer /, "")))) {
      const answer = await authenticate(`bearer ${token}`);
      expect({ form, status: answer.status, body: answer.body }).toEqual({ form, status: 403, body: { success: false, message: expect.stringMatching(REFUSED_TOKEN) } });
    }
  });

  // Last: it moves the clock past the tokens' lifetimes (the sessions stay live).
  it("expired tokens, on every surface", async () => {
    const user = await newUser(server);
    const oidc = (await passwordGrant(server, user.username)).body.access_token as string;
    const authUser = await newAuthUser(server);
    const ticket = await loginTicket(server, authUser.username);
    expect(await graphAsBearer(ticket.token.replace(/^bearer /, ""))).not.toBe("UNAUTHENTICATED");
    // Past both the realm's 300 s and the ticket's 600 s, within the 1,800 s session idle time.
    clock.advance(700_000);
    expect((await userinfo(server, oidc)).status).toBe(401);
    expect((await introspect(oidc)).body).toEqual({ active: false });
    expect(await graphAsBearer(oidc)).toBe("UNAUTHENTICATED");
    expect(await graphAsBearer(ticket.token.replace(/^bearer /, ""))).toBe("UNAUTHENTICATED");
    // The contract's rule: an expired ticket token beside a live cookie is replaced by a fresh one.
    const renewed = await authCall(server.internalUrl, "POST", "/internal/auth/api/authenticate", { token: ticket.token, cookie: ticket.cookie });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get("authentication")).not.toBe(ticket.token);
  });
});
