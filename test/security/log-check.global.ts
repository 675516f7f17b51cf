import { mkdirSync, rmdirSync, rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { runLogDir } from "./log-check-dir.js";
import { logFiles, report, scanDir } from "./log-check.js";

/**
 * The suite-wide log check (SECURITY.md, Logs). Every test server writes its lines at level debug
 * to a file of this run's directory, named after its project (test/support/server.ts); when the
 * project's files have all run, every line is scanned for secrets, and any found fails the run with
 * its file and line. A clean project's files are removed; a failing one's are kept to read.
 */
export function setup(project: TestProject): () => Promise<void> {
  const dir = runLogDir(process.env.TEST_RUN_ID!);
  mkdirSync(dir, { recursive: true });
  const prefix = `${project.name}-`;
  // A run id is a process id, which comes round again: an earlier run's files are not this run's.
  for (const file of logFiles(dir, prefix)) rmSync(file, { force: true });
  return async () => {
    const { files, findings } = await scanDir(dir, prefix);
    if (findings.length > 0) {
      throw new Error(`secrets in the test servers' logs (${findings.length}, project ${project.name}):\n${report(findings.slice(0, 50))}`);
    }
    for (const file of files) rmSync(file, { force: true });
    // The other project may still be writing into it: only an empty directory goes.
    try {
      rmdirSync(dir);
    } catch {
      // not empty, or already gone
    }
  };
}
