/**
 * The server under test: the compiled one (`node dist/src/main.js`), started with the bench
 * database and the bench's keys, on free ports, optionally with --cpu-prof. Its log goes to
 * bench/logs/; errors it logs are counted per scenario.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { benchFile } from "../process/children.js";

export const KEYS = {
  admin: "bench-admin-key-0123456789abcdef",
  broker: "bench-broker-key-0123456789abcdef",
  secrets: "bench-secrets-key-0123456789abcdef-0123456789",
};
/** Every instance has the same PUBLIC_URL, so a token from one verifies on another. */
export const PUBLIC_URL = "http://bench.local";

export interface HashProfile {
  name: string;
  memoryKib: number;
  timeCost: number;
}

export interface ServerOptions {
  databaseUrl: string;
  hash: HashProfile;
  cpuProf: boolean;
  label: string;
  /** More environment for the server (--server-env: UV_THREADPOOL_SIZE, MALLOC_ARENA_MAX, ...). */
  env?: Record<string, string>;
}

export interface ServerProcess {
  pid: number;
  label: string;
  publicUrl: string;
  internalUrl: string;
  /** Lines the server logged at error level or above since the last call. */
  takeErrors(): string[];
  alive(): boolean;
  stop(): Promise<void>;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} during start-up:\n${log()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy within 60 s:\n${log()}`);
}

export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const [port, internalPort] = [await freePort(), await freePort()];
  mkdirSync(benchFile("logs"), { recursive: true });
  const logFile = createWriteStream(benchFile(`logs/server-${options.label}.log`), { flags: "a" });
  const execArgv = options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${benchFile("profiles")}`, `--cpu-prof-name=CPU.${options.label}.${Date.now()}.cpuprofile`, "--cpu-prof-interval=500"] : [];
  const child = spawn(process.execPath, [...execArgv, "dist/src/main.js"], {
    cwd: benchFile(".."),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      INTERNAL_PORT: String(internalPort),
      HOST: "127.0.0.1",
      PUBLIC_URL,
      DATABASE_URL: options.databaseUrl,
      SECRETS_KEY: KEYS.secrets,
      ADMIN_API_KEY: KEYS.admin,
      API_ACCESS_KEYS: KEYS.broker,
      PASSWORD_HASH_MEMORY_KIB: String(options.hash.memoryKib),
      PASSWORD_HASH_TIME_COST: String(options.hash.timeCost),
      LOG_LEVEL: "warn",
      PURGE_INTERVAL_SECONDS: "0",
      // As the Docker image runs it (see README, Running at scale): glibc returns argon2id's freed buffers.
      MALLOC_ARENA_MAX: "2",
      MALLOC_MMAP_THRESHOLD_: "131072",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  let errors: string[] = [];
  const onOutput = (chunk: Buffer) => {
    logFile.write(chunk);
    const text = chunk.toString();
    tail = (tail + text).slice(-4_000);
    for (const entry of text.split("\n")) {
      const level = /"level":(\d+)/.exec(entry)?.[1];
      if (level && Number(level) >= 50) errors.push(entry);
    }
  };
  child.stdout!.on("data", onOutput);
  child.stderr!.on("data", onOutput);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      if (!stopping) console.error(`\n!! server ${options.label} (pid ${child.pid}) exited unexpectedly: ${signal ?? `code ${code}`}; its log is bench/logs/server-${options.label}.log\n${tail.slice(-1_000)}`);
      resolve();
    }),
  );
  const publicUrl = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(publicUrl, child, () => tail);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    pid: child.pid!,
    label: options.label,
    publicUrl,
    internalUrl: `http://127.0.0.1:${internalPort}`,
    takeErrors() {
      const taken = errors;
      errors = [];
      return taken;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      logFile.end();
    },
  };
}
