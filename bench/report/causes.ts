/**
 * Why a target was missed, once someone has found out (a profile, a query plan, an experiment).
 * Keys: "<scenario id>:<kind>" for one row's target, or "<kind>" for every row's, with kind one
 * of throughput, latency, revocation, statements, memory, growth. The bench prints the cause
 * beside every missed target it matches and "not yet diagnosed" elsewhere. One line each;
 * remove a cause once it is fixed.
 */
const UNCORRELATED_MFA_COUNT =
  "the verified-MFA count (verifiedMfaSum in src/services/mfa/queries.ts) renders its correlation unqualified, (select count(*) from mfa_webauthn_credentials where \"mfa_id\" = \"id\"), and \"id\" binds to mfa_webauthn_credentials.id: the subquery is uncorrelated, so PostgreSQL runs it as an InitPlan with a parallel seq scan of every WebAuthn key (about 100 ms at 1M users; seen with EXPLAIN ANALYZE), and it counts the wrong rows (a user's keys count 0)";

export const CAUSES: Record<string, string> = {
  "graphql.users-page:growth": UNCORRELATED_MFA_COUNT,
  "graphql.users-page-loaded:growth": UNCORRELATED_MFA_COUNT,
  "oidc.introspection:throughput":
    "every request verifies the confidential client's secret with argon2id (authenticateClient → clients.verifyClientSecret), so introspection runs at the argon2id ceiling; the server process uses over one core in the thread pool (cpu column)",
  memory:
    "about 130 MB resident when idle; argon2id's memory, allocated on the 4 libuv threads, stays in glibc's per-thread malloc arenas (+160 MB after 64 logins at 19 MiB; with --server-env MALLOC_ARENA_MAX=2 it stays near 135 MB); at 64 MiB, four hashes in flight need 256 MB by themselves",
};
