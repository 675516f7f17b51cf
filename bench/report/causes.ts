/**
 * Why a target was missed, once someone has found out (a profile, a query plan, an experiment).
 * Keys: "<scenario id>:<kind>" for one row's target, or "<kind>" for every row's, with kind one
 * of throughput, latency, revocation, statements, memory, growth. The bench prints the cause
 * beside every missed target it matches and "not yet diagnosed" elsewhere. One line each;
 * remove a cause once it is fixed.
 */
export const CAUSES: Record<string, string> = {
  "oidc.introspection:throughput":
    "the lean lane now reads the form; what is left is the brute-force rule on the client's secret (issue 17: every credential check): three statements per call (the waits read, a reservation and its release) beside the session lookup, so PostgreSQL takes ~40% of a core and socket writes to it ~17% of the main thread; oidc-provider's introspection touches no store at all",
  "oidc.password-owasp:throughput":
    "argon2id takes every cycle the rest of the request leaves: the server's main thread (~26% of a core: 17 statements, JWT signing set-up, HTTP) and PostgreSQL (~19%) run on the same 2 cores as the four argon2id hashes in flight, so argon2id gets ~120% of a core against the baseline's ~188%; the brute-force rule's statements are not the cause (a run without it gave the same ratio)",
  "broker.authentication-owasp:throughput":
    "as oidc.password-owasp: argon2id shares the 2 cores with the request's own work and PostgreSQL, which the baseline (argon2id alone) does not",
  "oidc.refresh:throughput":
    "one transaction per refresh with rotation and reuse detection: session and user FOR UPDATE, token use, then session touch, session event with NOTIFY, new token and audit sent together; every instance reads the new event on the NOTIFY; PostgreSQL ~50% of a core, the main thread saturated (socket writes to PostgreSQL ~27%, drizzle ~18%), three RS256 signatures per answer in the thread pool; oidc-provider keeps its tokens in memory and writes nothing; run-to-run spread on this machine 175-285 req/s",
  "galaxy.list:throughput":
    "two statements (the user, then the sessions through the DataLoader) and drizzle mapping every session row; PostgreSQL ~47% of a core",
  "galaxy.list-10k:latency":
    "10,000 rows mapped by drizzle into objects, then into GraphQL results, then into JSON: garbage collection ~28% and row mapping ~10% of the call",
  "passkey.forward:throughput":
    "the server's own code is ~7% of the profile: socket writes take ~44% (writeBuffer to PostgreSQL ~30%, the 204's nine Remote-* headers ~14%) and the driver ~18%; 0.66x and 0.90x in two runs of one day, so the ceiling on 2 cores shared with PostgreSQL and the load is about there",
  "graphql.users-page:latency":
    "GC ~20% and drizzle's relational row mapping ~20% of the page, and Apollo's default cache-control plugin wrapping every field's resolver (~6%); the plugin is off since commit b90821e (answers are never cached): p50 23 -> 19 ms at 10k users in an --only run after this run of record",
  "oidc.userinfo:throughput":
    "not found yet: 6,462 req/s at 10k users, 4,591 at 1M in one run, with the server's main thread saturated at every size and one prepared, indexed session+user lookup per request; rows of this kind vary about 20% from run to run here; a profile at 1M users is the next step",
  memory:
    "the servers run as the image does (MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072); about 110-150 MB resident when idle, +50-60 MB of V8 heap (young generation and garbage between scavenges) under 32 connections, plus what glibc still holds from the logins that minted the row's tokens; rows run with --cpu-prof also hold the profile's samples; at 64 MiB, four argon2id hashes in flight need 256 MB by themselves",
};
