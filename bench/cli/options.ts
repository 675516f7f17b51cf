/** The bench's flags (see bench/README.md). */
import { parseArgs } from "node:util";
import { DEFAULT_ADMIN_URL } from "../db/bench-database.js";
import type { HashProfile } from "../server/server-process.js";

export const SIZES = [10_000, 100_000, 1_000_000];

/** The two argon2id settings issue 14 names: OWASP's 19 MiB, t=2, and the server's default (64 MiB, t=3). */
export const HASH_PROFILES: { owasp: HashProfile; production: HashProfile } = {
  owasp: { name: "19MiB,t2", memoryKib: 19_456, timeCost: 2 },
  production: { name: "64MiB,t3", memoryKib: 65_536, timeCost: 3 },
};

export interface BenchOptions {
  sizes: number[];
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Scenario ids (or prefixes) to run; empty: all. */
  only: string[];
  cpuProf: boolean;
  keepDb: boolean;
  build: boolean;
  adminUrl: string;
  /** Write bench/results.md and bench/results.json (not on a partial --only run). */
  write: boolean;
  /** More environment for every server instance (--server-env KEY=VALUE), to try settings without editing code. */
  serverEnv: Record<string, string>;
  /** Seconds to wait, before each row, for other processes to leave the CPU (0: do not wait). */
  waitQuiet: number;
  /** Only judge bench/results.json again and rewrite the results files (after a cause was written down). */
  reportOnly: boolean;
}

const USAGE = `npm run bench -- [--max-users N] [--seconds S] [--warmup S] [--connections C]
                     [--only ID[,ID...]] [--cpu-prof] [--keep-db] [--no-build] [--no-write]
                     [--server-env KEY=VALUE]... [--wait-quiet S]
       npm run bench -- --report-only`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      "max-users": { type: "string" },
      seconds: { type: "string", default: "10" },
      warmup: { type: "string" },
      connections: { type: "string", default: "32" },
      only: { type: "string", multiple: true, default: [] },
      "cpu-prof": { type: "boolean", default: false },
      "keep-db": { type: "boolean", default: false },
      "no-build": { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
      "server-env": { type: "string", multiple: true, default: [] },
      "wait-quiet": { type: "string", default: "0" },
      "report-only": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number\n${USAGE}`);
    return n;
  };
  const maxUsers = number("max-users", values["max-users"], SIZES.at(-1)!);
  // Each size below the limit, then the limit itself: --max-users 100000 runs 10k and 100k.
  const sizes = [...SIZES.filter((s) => s < maxUsers), Math.round(maxUsers)];
  const seconds = number("seconds", values.seconds, 10);
  return {
    sizes,
    seconds,
    warmupSeconds: number("warmup", values.warmup, Math.min(3, Math.max(1, Math.round(seconds / 3)))),
    connections: Math.round(number("connections", values.connections, 32)),
    only: values.only.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean),
    cpuProf: values["cpu-prof"],
    keepDb: values["keep-db"],
    build: !values["no-build"],
    adminUrl: process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL,
    // A partial run (--only) does not overwrite the committed results.
    write: !values["no-write"] && values.only.length === 0,
    waitQuiet: values["wait-quiet"] === "0" ? 0 : number("wait-quiet", values["wait-quiet"], 0),
    reportOnly: values["report-only"],
    serverEnv: Object.fromEntries(
      values["server-env"].map((pair) => {
        const at = pair.indexOf("=");
        if (at <= 0) throw new Error(`--server-env takes KEY=VALUE, not ${pair}\n${USAGE}`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    ),
  };
}

/** Whether a scenario (or baseline) id is selected by --only: exact id or an id prefix. */
export const selected = (options: BenchOptions, id: string) => options.only.length === 0 || options.only.some((o) => id === o || id.startsWith(o));
