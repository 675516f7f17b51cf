import fc from "fast-check";
import { hostileText, Mutation } from "./mutations.js";
import type { Draft, Fixture } from "./samples.js";
import { percentEncoded, Splice } from "./serialize.js";

interface Operation {
  query: string;
  variables: (f: Fixture) => Record<string, unknown>;
}

/** Operations of every kind the graph serves: reads, writes, the credential checks, a JSON scalar. */
export const OPERATIONS: Operation[] = [
  { query: "query ($id: ID!) { user(id: $id) { id username email sessions { id } } }", variables: (f) => ({ id: f.userId }) },
  { query: "mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }", variables: () => ({ input: { username: "fuzz_gql", email: "fuzz_gql@example.org" } }) },
  { query: "mutation ($id: ID!, $reason: String!) { revokeSession(id: $id, reasonCode: $reason, actor: {type: \"admin\", id: \"fuzz\"}) { __typename } }", variables: () => ({ id: "00000000-0000-4000-8000-000000000003", reason: "fuzz" }) },
  { query: "mutation ($input: BlockSubjectInput!) { blockSubject(input: $input) { __typename } }", variables: () => ({ input: { email: "nobody@example.org", reasonCode: "fuzz" } }) },
  { query: "query ($first: Int!, $after: String) { auditEvents(first: $first, after: $after) { id action } }", variables: () => ({ first: 5, after: null }) },
  { query: "query ($to: String) { outboxMessages(to: $to, first: 3) { subject } }", variables: (f) => ({ to: `${f.username}@example.org` }) },
  { query: "mutation ($input: CreateRealmInput!) { createRealm(input: $input) { name } }", variables: () => ({ input: { name: "fuzz-realm", accessTokenLifespan: 300 } }) },
  { query: "mutation ($input: PasswordGrantInput!) { passwordGrant(input: $input) { __typename } }", variables: (f) => ({ input: { username: f.username, password: "wrong password here", clientId: "app" } }) },
  { query: "mutation ($input: AuthenticateInput!) { authenticate(input: $input) { __typename } }", variables: (f) => ({ input: { username: f.username, password: "wrong password here" } }) },
  { query: "query ($value: String!) { hashValue(value: $value) }", variables: () => ({ value: "fuzz" }) },
  { query: "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename } }", variables: () => ({ input: { name: "fuzz", scopes: ["nothing:real"], expiresAt: "2999-01-01T00:00:00Z" } }) },
  { query: "query ($employeeId: String) { mfaOptions(employeeId: $employeeId) { __typename } }", variables: (f) => ({ employeeId: f.employeeId }) },
  { query: "query ($token: String) { oidcUserInfo(accessToken: $token) { __typename } }", variables: (f) => ({ token: f.accessToken }) },
  { query: "mutation ($origin: String!, $response: JSONObject!) { finishPasskeyRegistration(origin: $origin, response: $response) { __typename } }", variables: (f) => ({ origin: `http://${f.publicHost}`, response: { id: "x", rawId: "x", type: "public-key", response: {} } }) },
];

const depth = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);

/** The draft's GraphQL body, when an earlier change has left it a JSON object (else the change does nothing). */
function bodyOf(draft: Draft): { query?: unknown; variables?: Record<string, unknown> } | undefined {
  const payload = draft.payload;
  return payload.kind === "json" && payload.value !== null && typeof payload.value === "object" && !Array.isArray(payload.value) ? (payload.value as never) : undefined;
}

/** Changes to the GraphQL request itself: its document, variables, batching and transport. */
export const graphqlMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(hostileText, fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }))).map(([pick, value]) =>
    new Mutation("body", "variable", (draft) => {
      const body = bodyOf(draft);
      // An earlier change may have made variables something other than an object: nothing to pick from then.
      if (!body?.variables || typeof body.variables !== "object" || Array.isArray(body.variables)) return;
      const names = Object.keys(body.variables);
      if (names.length === 0) return;
      const name = names[pick % names.length]!;
      const current = body.variables![name];
      // Inside an input object: change one of its fields, the likelier place for a missed check.
      if (current && typeof current === "object" && !Array.isArray(current) && !(current instanceof Splice)) {
        const keys = Object.keys(current);
        (current as Record<string, unknown>)[keys[pick % keys.length] ?? "extra"] = value;
      } else {
        body.variables![name] = value;
      }
    })),
  fc.integer({ min: 100, max: 20_000 }).map((n) => new Mutation("body", "deep JSON variable", (draft) => {
    const body = bodyOf(draft);
    if (body) body.variables = { ...body.variables, response: new Splice(Buffer.from(depth(n, '{"a":', "}").replace('{"a":}', '{"a":1}'))) };
  })),
  fc.tuple(fc.nat({ max: 500 }), hostileText).map(([at, text]) => new Mutation("body", "document spliced", (draft) => {
    const body = bodyOf(draft);
    if (typeof body?.query !== "string") return;
    const index = at % (body.query.length + 1);
    body.query = body.query.slice(0, index) + text + body.query.slice(index);
  })),
  fc.constantFrom(
    ["deep selection", `{ ${"user(id: \"x\") { sessions { user { ".repeat(200)}id${" } } }".repeat(200)} }`],
    ["deep list literal", `{ hashValue(value: ${depth(5_000, "[", "]")}) }`],
    ["alias flood", `{ ${Array.from({ length: 2_000 }, (_, i) => `a${i}: realms { name }`).join(" ")} }`],
    ["fragment cycle", "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"],
    ["directive flood", `{ realms ${"@include(if: true) ".repeat(1_000)}{ name } }`],
    ["introspection", "{ __schema { types { name fields { name } } } }"],
    ["two operations, none named", "query A { realms { name } } query B { realms { name } }"],
    ["NUL in a literal", '{ hashValue(value: "a\\u0000b") }'],
    ["lone surrogate in a literal", '{ hashValue(value: "\\ud800") }'],
    ["huge document", `{ realms { ${"name ".repeat(30_000)} } }`],
    ["subscription over HTTP", "subscription { sessionEvents { __typename } }"],
  ).map(([label, query]) => new Mutation("body", label!, (draft) => {
    draft.payload = { kind: "json", value: { query, variables: {} } };
  })),
  fc.constantFrom(
    ["batch", (body: Record<string, unknown>) => [body, body]],
    ["empty batch", () => []],
    ["query not a string", (body: Record<string, unknown>) => ({ ...body, query: { a: 1 } })],
    ["variables not an object", (body: Record<string, unknown>) => ({ ...body, variables: "[1]" })],
    ["operationName unknown", (body: Record<string, unknown>) => ({ ...body, operationName: "Nope" })],
    ["persisted query", (body: Record<string, unknown>) => ({ ...body, query: undefined, extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } })],
    ["extensions garbage", (body: Record<string, unknown>) => ({ ...body, extensions: [1, { __proto__: 1 }] })],
  ).map(([label, change]) => new Mutation("body", label as string, (draft) => {
    const body = bodyOf(draft);
    if (body) draft.payload = { kind: "json", value: (change as (body: Record<string, unknown>) => unknown)(body) };
  })),
  fc.tuple(fc.constantFrom("query", "variables", "operationName", "extensions"), hostileText).map(([name, text]) => new Mutation("query", `GET ${name}`, (draft) => {
    draft.method = "GET";
    draft.query = `query=${percentEncoded("{ realms { name } }")}&${name}=${percentEncoded(text)}`;
    draft.headers.push(["Apollo-Require-Preflight", "true"]);
  })),
  fc.constant(new Mutation("query", "GET mutation", (draft) => {
    draft.method = "GET";
    draft.query = `query=${percentEncoded('mutation { createRealm(input: {name: "fuzz-get"}) { name } }')}`;
    draft.headers.push(["Apollo-Require-Preflight", "true"]);
  })),
);

/** Inputs that broke the endpoint once (a 500, an engine's message): every operation gets each one. */
export const GRAPHQL_SEEDS: Mutation[] = [
  new Mutation("seed", "operationName beside an anonymous operation (GET)", (draft) => {
    draft.method = "GET";
    draft.query = `query=${percentEncoded("{ realms { name } }")}&operationName=x`;
    draft.headers.push(["Apollo-Require-Preflight", "true"]);
  }),
  new Mutation("seed", "operationName beside an anonymous operation", (draft) => void (draft.payload = { kind: "json", value: { query: "{ realms { name } }", operationName: "x" } })),
  new Mutation("seed", "fragment cycle", (draft) => void (draft.payload = { kind: "json", value: { query: "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }" } })),
  new Mutation("seed", "list literal nested past the parser's stack", (draft) => void (draft.payload = { kind: "json", value: { query: `{ hashValue(value: ${depth(4_000, "[", "]")}) }` } })),
  new Mutation("seed", "JSON variable nested 20,000 deep", (draft) => {
    const body = bodyOf(draft);
    if (body) body.variables = { ...body.variables, response: new Splice(Buffer.from(depth(20_000, '{"a":', "}").replace('{"a":}', '{"a":1}'))) };
  }),
];

/** The draft body of an operation, with the admin key unless a mutation drops or changes it. */
export function operationBody(operation: Operation, f: Fixture): { query: string; variables: Record<string, unknown> } {
  return { query: operation.query, variables: operation.variables(f) };
}
