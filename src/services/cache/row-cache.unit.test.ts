import { afterEach, describe, expect, it, vi } from "vitest";
import { rowCache } from "./row-cache.js";

describe("rowCache", () => {
  afterEach(() => vi.useRealTimers());

  it("loads a key once for concurrent readers and keeps it", async () => {
    const cache = rowCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    const load = vi.fn(async () => "row");
    expect(await Promise.all([cache.get("k", load), cache.get("k", load)])).toEqual(["row", "row"]);
    expect(await cache.get("k", load)).toBe("row");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("keeps no misses and no failures", async () => {
    const cache = rowCache<string>({ ttlMs: 1_000, maxEntries: 10 });
    const miss = vi.fn(async () => undefined);
    await cache.get("k", miss);
    await cache.get("k", miss);
    expect(miss).toHaveBeenCalledTimes(2);
    const failing = vi.fn(async () => Promise.reject(new Error("down")));
    await expect(cache.get("j", failing)).rejects.toThrow("down");
    await expect(cache.get("j", failing)).rejects.toThrow("down");
    expect(failing).toHaveBeenCalledTimes(2);
  });

  it("reloads after the time to live", async () => {
    vi.useFakeTimers();
    const cache = rowCache<number>({ ttlMs: 1_000, maxEntries: 10 });
    let n = 0;
    const load = async () => ++n;
    expect(await cache.get("k", load)).toBe(1);
    vi.advanceTimersByTime(999);
    expect(await cache.get("k", load)).toBe(1);
    vi.advanceTimersByTime(2);
    expect(await cache.get("k", load)).toBe(2);
  });

  it("reloads after clear(), and a load that was under way when it cleared is not kept", async () => {
    const cache = rowCache<string>({ ttlMs: 60_000, maxEntries: 10 });
    let release!: (value: string) => void;
    const slow = cache.get("k", () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear();
    release("stale");
    expect(await slow).toBe("stale");
    expect(await cache.get("k", async () => "fresh")).toBe("fresh");
  });

  it("holds at most maxEntries, dropping the oldest", async () => {
    const cache = rowCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    const load = vi.fn(async () => "row");
    await cache.get("a", load);
    await cache.get("b", load);
    await cache.get("c", load);
    await cache.get("c", load);
    await cache.get("a", load);
    expect(load.mock.calls.length).toBe(4);
  });
});
