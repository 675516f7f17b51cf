/**
 * What the scenarios need from a running server, made through its own API: realm settings,
 * a confidential client, login accounts with real passwords, and tokens from real logins.
 */
import { KEYS, type ServerProcess } from "../server/server-process.js";

export const REALM = "master";
export const PROTOCOL = `/realms/${REALM}/protocol/openid-connect`;
export const LOGIN_PASSWORD = "Bench-login-password-7319";
export const ACTOR = { type: "admin", id: "bench" };

/** Runs a GraphQL document as the admin; throws on any error. */
export async function gql<T>(server: ServerProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${server.publicUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.admin}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw Object.assign(new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`), { codes: body.errors.map((e) => e.extensions?.code) });
  return body.data!;
}

/**
 * Access tokens last an hour and sessions a week, so tokens minted before a size's scenarios
 * outlive them; refresh tokens rotate and a reused one ends its session (reuse detection).
 */
export async function configureRealm(server: ServerProcess): Promise<string> {
  await gql(server, `mutation($input: RealmSettingsInput!) { updateRealm(name: "${REALM}", input: $input) { id } }`, {
    input: { accessTokenLifespan: 3600, ssoSessionIdleTimeout: 7 * 86400, ssoSessionMaxLifespan: 7 * 86400, revokeRefreshToken: true, refreshTokenMaxReuse: 0 },
  });
  const { realm } = await gql<{ realm: { id: string } }>(server, `{ realm(name: "${REALM}") { id } }`);
  return realm.id;
}

/** A confidential client for introspection; a new one each run, since a secret is shown only once. */
export async function createIntrospector(server: ServerProcess): Promise<{ clientId: string; clientSecret: string }> {
  const clientId = `bench-introspector-${Date.now()}`;
  const { createClient } = await gql<{ createClient: { secret: string } }>(
    server,
    `mutation($input: CreateClientInput!) { createClient(input: $input) { secret } }`,
    { input: { clientId, public: false, grants: ["refresh_token"], realm: REALM } },
  );
  return { clientId, clientSecret: createClient.secret };
}

/**
 * Login accounts made through the API (createUser, setPassword), so their hashes have the
 * server's configured cost. Accounts that exist already (a --keep-db run) are kept as they are.
 */
export async function ensureLoginAccounts(server: ServerProcess, prefix: string, count: number): Promise<string[]> {
  const usernames = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  for (const username of usernames) {
    let userId: string;
    try {
      ({ createUser: { id: userId } } = await gql<{ createUser: { id: string } }>(server, `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`, {
        input: { username, email: `${username}@bench.example`, emailVerified: true, firstName: "Login", lastName: username },
      }));
    } catch (error) {
      if ((error as { codes?: string[] }).codes?.some((c) => c === "USERNAME_TAKEN" || c === "EMAIL_TAKEN")) continue;
      throw error;
    }
    await gql(server, `mutation($userId: ID!, $password: String!) { setPassword(userId: $userId, password: $password) }`, { userId, password: LOGIN_PASSWORD });
  }
  return usernames;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/** Password grants for each login, a few at a time; each opens its own session. */
export async function mintTokens(server: ServerProcess, logins: { username: string; password: string }[], parallel = 8): Promise<TokenPair[]> {
  const pairs: TokenPair[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < logins.length) {
        const { username, password } = logins[next++]!;
        const res = await fetch(`${server.publicUrl}${PROTOCOL}/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "password", client_id: "app", username, password, scope: "openid profile email" }),
        });
        const body = (await res.json()) as { access_token?: string; refresh_token?: string };
        if (!res.ok || !body.access_token || !body.refresh_token) throw new Error(`password grant for ${username}: ${res.status} ${JSON.stringify(body)}`);
        pairs.push({ accessToken: body.access_token, refreshToken: body.refresh_token });
      }
    }),
  );
  return pairs;
}

/** `count` distinct random integers in [0, below). */
export function sampleIndexes(count: number, below: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, below)) picked.add(Math.floor(Math.random() * below));
  return [...picked];
}

export const basicAuth = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
