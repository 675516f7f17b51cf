/**
 * Throughput of the hot read paths, each as a ratio to /healthz measured in the same run on
 * the same machine (so figures compare across machines). Run: npm run bench [-- --seconds 5]
 */
import autocannon from "autocannon";
import { pino } from "pino";
import { loadConfig } from "#src/config/index.js";
import { startServer } from "#src/http/index.js";

const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 5;
const ADMIN = "bench-admin-key-0123456789";

const config = loadConfig({
  PORT: "0",
  INTERNAL_PORT: "0",
  HOST: "127.0.0.1",
  DATABASE_URL: process.env.DATABASE_URL ?? "memory://",
  ...(process.env.SECRETS_KEY ? { SECRETS_KEY: process.env.SECRETS_KEY } : {}),
  ADMIN_API_KEY: ADMIN,
  LOG_LEVEL: "silent",
});
const server = await startServer(config, { logger: pino({ level: "silent" }) });

async function seed(users: number, sessionsEach: number): Promise<string> {
  const realm = await server.services.realms.require(config.defaultRealm);
  let last = "";
  for (let i = 0; i < users; i++) {
    const user = await server.services.users.create(realm.id, { username: `bench${i}`, email: `bench${i}@example.com` }, { type: "bench" });
    for (let s = 0; s < sessionsEach; s++) await server.services.sessions.create({ userId: user.id, kind: "token" });
    last = user.id;
  }
  return last;
}

async function measure(name: string, options: autocannon.Options): Promise<number> {
  const result = await autocannon({ connections: 10, duration: seconds, ...options });
  const bad = result.non2xx + result.errors;
  if (bad > 0) throw new Error(`${name}: ${bad} failed requests`);
  console.log(`${name.padEnd(44)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p99 ${String(result.latency.p99).padStart(4)} ms`);
  return result.requests.average;
}

try {
  const userId = await seed(200, 5);
  console.log(`seeded 200 users x 5 sessions on ${server.database.kind}; ${seconds}s per scenario\n`);
  const baseline = await measure("GET /healthz (baseline)", { url: `${server.publicUrl}/healthz` });
  const figures: [string, number][] = [
    ["Galaxy GET /users/{id}/sessions", await measure("Galaxy GET /users/{id}/sessions", { url: `${server.internalUrl}/api/v1/internal/users/${userId}/sessions` })],
    [
      "GraphQL users(first: 100) { sessions }",
      await measure("GraphQL users(first: 100) { sessions }", {
        url: `${server.publicUrl}/graphql`,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ query: "{ users(first: 100) { nodes { id sessions { id status } } } }" }),
      }),
    ],
  ];
  console.log("\nratio to baseline");
  for (const [name, rps] of figures) console.log(`${name.padEnd(44)} ${(rps / baseline).toFixed(3)}`);
} finally {
  await server.stop();
}
