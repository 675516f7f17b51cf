/** The machine and software a run measured on, for results.md and results.json. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  commit: string;
  /** Whether the working tree differed from the commit (the lead works in the same tree). */
  dirty: boolean;
  /** Load average when the run started: another job on the machine skews every figure. */
  loadAverage: number[];
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

export function describeMachine(postgresVersion: string): Machine {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    date: new Date().toISOString(),
    cpu: model.trim(),
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: postgresVersion,
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    dirty: git(["status", "--porcelain", "--untracked-files=no", "--", "src", "compat"]) !== "",
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}
