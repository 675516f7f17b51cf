/**
 * Why a target was missed, once someone has found out (a profile, a query plan, an experiment).
 * Keys: "<scenario id>:<kind>" for one row's target, or "<kind>" for every row's, with kind one
 * of throughput, latency, revocation, statements, memory, growth. The bench prints the cause
 * beside every missed target it matches and "not yet diagnosed" elsewhere. One line each;
 * remove a cause once it is fixed.
 */
export const CAUSES: Record<string, string> = {
  "oidc.introspection:throughput":
    "a form POST, so it still takes express (router, pino-http, body-parser ~15% of the profile) and drizzle builds its statements; the client secret is a SHA-256 check now, no longer argon2id",
  "oidc.refresh:throughput":
    "seven round trips in one transaction (BEGIN, session+user FOR UPDATE, token use, session touch, session event with NOTIFY, new token, audit, COMMIT): socket writes ~20% and drizzle ~17% of the main thread, PostgreSQL ~45% of a core; three RS256 signatures per answer (access, refresh, ID token) ~13%",
  "galaxy.list:throughput":
    "two statements (the user, then the sessions through the DataLoader) and drizzle mapping every session row; PostgreSQL ~47% of a core",
  "galaxy.list-10k:latency":
    "10,000 rows mapped by drizzle into objects, then into GraphQL results, then into JSON: garbage collection ~28% and row mapping ~10% of the call",
  "passkey.forward:throughput":
    "the server's own code is ~7% of the profile: socket writes take ~44% (writeBuffer to PostgreSQL ~30%, the 204's nine Remote-* headers ~14%) and the driver ~18%; 0.66x and 0.90x in two runs of one day, so the ceiling on 2 cores shared with PostgreSQL and the load is about there",
  memory:
    "the servers run as the image does (MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072); about 110-150 MB resident when idle, +50-60 MB of V8 heap (young generation and garbage between scavenges) under 32 connections, plus what glibc still holds from the logins that minted the row's tokens; rows run with --cpu-prof also hold the profile's samples; at 64 MiB, four argon2id hashes in flight need 256 MB by themselves",
};
