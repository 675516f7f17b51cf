/**
 * Why a target was missed, once someone has found out (a profile, a query plan, an experiment).
 * Keys: "<scenario id>:<kind>" for one row's target, or "<kind>" for every row's, with kind one
 * of throughput, latency, revocation, statements, memory, growth. The bench prints the cause
 * beside every missed target it matches and "not yet diagnosed" elsewhere. One line each;
 * remove a cause once it is fixed.
 */
export const CAUSES: Record<string, string> = {
  memory:
    "the servers run as the image does (MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=131072); about 110-150 MB resident when idle, +50-60 MB of V8 heap (young generation and garbage between scavenges) under 32 connections, plus what glibc still holds from the logins that minted the row's tokens; rows run with --cpu-prof also hold the profile's samples; at 64 MiB, four argon2id hashes in flight need 256 MB by themselves",
};
