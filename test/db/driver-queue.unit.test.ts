/**
 * The postgres driver's internal queue, as patched by patches/postgres+3.4.10.patch (applied by
 * npm's postinstall). Unpatched, a pool busier than its connections moved each connection
 * through its `busy` queue by shift and push, so the queue's array grew by one slot per query,
 * for ever, and every removal scanned all of it: throughput fell as the server's uptime grew.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

interface Queue<T> {
  readonly length: number;
  push(x: T): T;
  shift(): T;
  remove(x: T): T | null;
}
type QueueFactory = <T>(initial?: T[]) => Queue<T>;

// The package's exports name only its index; the queue sits beside it in each build.
const require = createRequire(import.meta.url);
const cjsDir = dirname(require.resolve("postgres"));
const builds: [string, () => Promise<QueueFactory>][] = [
  ["ES module build (what the server loads)", async () => ((await import(pathToFileURL(join(cjsDir, "../../src/queue.js")).href)) as { default: QueueFactory }).default],
  ["CommonJS build", async () => require(join(cjsDir, "queue.js")) as QueueFactory],
];

/** The longest stretch of an array any indexOf was asked to search, while the spy is on. */
function spyOnSearches(): { longest: () => number; restore: () => void } {
  const original = Array.prototype.indexOf;
  let longest = 0;
  Array.prototype.indexOf = function (this: unknown[], ...args: [unknown, number?]) {
    longest = Math.max(longest, this.length - (args[1] ?? 0));
    return original.apply(this, args);
  };
  return { longest: () => longest, restore: () => void (Array.prototype.indexOf = original) };
}

describe.each(builds)("postgres driver queue: %s", (_name, load) => {
  let spy: ReturnType<typeof spyOnSearches> | undefined;
  afterEach(() => spy?.restore());

  it("keeps FIFO order, length and removal through a long busy spell", async () => {
    const Queue = await load();
    const busy = Queue<string>();
    const connections = Array.from({ length: 10 }, (_, i) => `c${i}`);
    for (const c of connections) busy.push(c);
    // A pool under constant load: the next query takes the connection at the head, which goes to the back.
    for (let i = 0; i < 100_000; i++) busy.push(busy.shift());
    expect(busy.length).toBe(10);

    spy = spyOnSearches();
    const removed = [busy.remove("c3"), busy.remove("c3")];
    spy.restore();
    expect(removed).toEqual(["c3", null]);
    // Only the live part is searched, not the 100,000 slots the spell used.
    expect(spy.longest()).toBeLessThanOrEqual(2 * 1024);

    expect(busy.length).toBe(9);
    expect(Array.from({ length: 9 }, () => busy.shift())).toEqual(connections.filter((c) => c !== "c3"));
    expect(busy.length).toBe(0);
  });

  it("starts afresh once emptied by removal", async () => {
    const Queue = await load();
    const busy = Queue<number>();
    for (let i = 0; i < 5_000; i++) {
      busy.push(i);
      busy.push(i + 0.5);
      busy.shift();
      busy.remove(i + 0.5);
    }
    expect(busy.length).toBe(0);
    busy.push(1);
    spy = spyOnSearches();
    const removed = busy.remove(2);
    spy.restore();
    expect(removed).toBeNull();
    expect(spy.longest()).toBe(1);
  });
});
