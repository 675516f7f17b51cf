/**
 * Child processes of the bench. Every load generator, baseline and proxy runs in a process of
 * its own, so that none of them shares an event loop (or a CPU quota) with what it measures.
 * A child answers its first message with one reply ("result" or "ready"); long-lived children
 * (servers) then stay up until stop().
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export type ChildMessage<T> = { type: "result" | "ready"; value: T } | { type: "error"; message: string } | { type: "event"; value: unknown };

export interface Child<T> {
  pid: number;
  process: ChildProcess;
  /** The child's one reply. */
  reply: Promise<T>;
  /** SIGTERM, then SIGKILL after a grace period; resolves when it has exited. */
  stop(): Promise<void>;
}

/** bench/<path> relative to this folder's parent. */
export const benchFile = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** Forks a bench module (TypeScript through tsx; with the ts-source condition, so #src resolves to the sources) and sends it its input. */
export function forkChild<I, T>(module: string, input: I, options: { env?: NodeJS.ProcessEnv; onEvent?: (value: unknown) => void } = {}): Child<T> {
  const child = fork(benchFile(module), [], {
    execArgv: ["--import", "tsx", "--conditions=ts-source"],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const reply = new Promise<T>((resolve, reject) => {
    child.on("message", (message: ChildMessage<T>) => {
      if (message.type === "event") options.onEvent?.(message.value);
      else if (message.type === "error") reject(new Error(`${module}: ${message.message}`));
      else resolve(message.value);
    });
    child.once("exit", (code, signal) => reject(new Error(`${module} exited (${signal ?? code}) before replying`)));
  });
  child.send({ input });
  return {
    pid: child.pid!,
    process: child,
    reply,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's side: tells the parent of a step (e.g. "the measured run starts now"). */
export const tellParent = (value: unknown) => process.send?.({ type: "event", value });

/** The child's side: run with the parent's input, reply once; exit after a one-shot result. */
export function serveParent<I, T>(run: (input: I) => Promise<{ type: "result" | "ready"; value: T }>): void {
  process.once("message", (message: { input: I }) => {
    run(message.input).then(
      (reply) => process.send!(reply, () => reply.type === "result" && process.exit(0)),
      (error: unknown) => process.send!({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
    );
  });
  process.once("SIGTERM", () => process.exit(0));
}
