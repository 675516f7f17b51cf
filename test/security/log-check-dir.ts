import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the test servers of one run write their log lines (test/support/server.ts, process.ts). */
export const runLogDir = (runId: string): string => join(tmpdir(), "identity-test-logs", runId);
