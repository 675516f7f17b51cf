/**
 * Why a target was missed, once someone has found out (a profile, a query plan, an experiment).
 * Keys: "<scenario id>:<kind>" for one row's target, or "<kind>" for every row's, with kind one
 * of throughput, latency, revocation, statements, memory, growth. The bench prints the cause
 * beside every missed target it matches and "not yet diagnosed" elsewhere. One line each;
 * remove a cause once it is fixed.
 */
export const CAUSES: Record<string, string> = {
  "oidc.introspection:throughput":
    "the lean lane now reads the form; what is left is the brute-force rule on the client's secret (issue 17: every credential check): two statements per call (the waits read with the reservation, then its release) beside the session lookup, each one a socket write: writes to PostgreSQL take ~23% of the main thread and PostgreSQL ~45% of a core; oidc-provider's introspection touches no store at all",
  "oidc.password-owasp:throughput":
    "argon2id gets only what the rest of the login leaves of 2 cores: per login the main thread takes ~4.7 ms of CPU (12 statements, HTTP, JWT set-up), PostgreSQL ~2.7 ms and token signing in libuv's pool ~1-3 ms (measured per thread), and each hash costs ~26 ms inside the server against 20.6 ms alone (its four lanes wait for each other whenever the main thread or PostgreSQL takes a core); at 19 MiB that overhead is a third of a login, at 64 MiB a few percent (the production row meets or nears its target); four fewer round trips and one hash per core in flight changed the ratio by less than the run-to-run spread (0.49-0.62x in A/B runs of one hour, 0.61-0.68x in the run of record of fcf2c63); the brute-force rule is not the cause (a run without it gave the same ratio)",
  "broker.authentication-owasp:throughput":
    "as oidc.password-owasp: argon2id shares the 2 cores with the request's own work and PostgreSQL, which the baseline (argon2id alone) does not",
  "oidc.refresh:throughput":
    "one transaction per refresh with rotation and reuse detection: session and user FOR UPDATE, token use, then session touch, session event with NOTIFY, new token and audit sent together; every instance reads the new event on the NOTIFY; PostgreSQL ~50% of a core, the main thread saturated (socket writes to PostgreSQL ~27%, drizzle ~18%), three RS256 signatures per answer in the thread pool; oidc-provider keeps its tokens in memory and writes nothing; 175-325 req/s from run to run and machine to machine; a refresh token signed with HMAC (as Keycloak does) and one statement for the writes are the next steps",
  "galaxy.list:throughput":
    "two statements (the user, then the sessions through the DataLoader) and drizzle mapping every session row; PostgreSQL ~47% of a core",
  "galaxy.list-10k:latency":
    "10,000 rows mapped by drizzle into objects, then into GraphQL results, then into JSON: garbage collection ~28% and row mapping ~10% of the call",
  "passkey.forward:throughput":
    "the server's own code is ~7% of the profile: socket writes take ~44% (writeBuffer to PostgreSQL ~30%, the 204's nine Remote-* headers ~14%) and the driver ~18%; 0.66x and 0.90x in two runs of one day, so the ceiling on 2 cores shared with PostgreSQL and the load is about there",
  "graphql.users-page:latency":
    "GC ~23% of the page (300 sessions, MFA options, methods and dates of 100 users through graphql-js, each field through type-graphql's wrapper), graphql-js execution ~12%, drizzle's row mapping ~12%, Apollo's JSON ~4%; the SQL is prepared and Apollo's cache-control plugin is off, so what is left is the general executor (the compat documents use graphql-jit; Apollo has no hook for it short of a gateway)",
  "oidc.userinfo:throughput":
    "the main thread is saturated at every size, socket writes ~32% of it (the one prepared session+user statement and the answer), and PostgreSQL takes a third of a core of the same 2 cores, which oidc-provider (in memory) leaves to itself; flat from 10k to 1M users since the driver patch (the postgres driver's busy queue grew by a slot per query, 10.5% of the main thread by the third size of a run); 0.92-0.93x in the run of record of fcf2c63 on a fast machine, 1.35x / 1.04x / 0.96x in that of dded01f, 0.52-0.84x in that of 8fe4be6 on a slow and erratic one: rows of this kind vary about 20% from run to run against a peer measured once per run",
  memory:
    "the servers run as the image does (MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072); about 110-150 MB resident when idle, +50-60 MB of V8 heap (young generation and garbage between scavenges) under 32 connections, plus what glibc still holds from the logins that minted the row's tokens; rows run with --cpu-prof also hold the profile's samples; at 64 MiB, the argon2id hashes in flight (one per core: two here) need 128 MB by themselves",
};
