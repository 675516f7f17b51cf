import { describe, expect, it } from "vitest";
import { endAfter, filterIterable } from "./iterators.js";
import { createLocalPubSub } from "./pubsub.js";

describe("local PubSub", () => {
  it("delivers to the subscribers of a routing key and dynamic id only, in order", async () => {
    const pubSub = createLocalPubSub();
    const a = pubSub.subscribe("T", "a")[Symbol.asyncIterator]();
    const b = pubSub.subscribe("T", "b")[Symbol.asyncIterator]();
    pubSub.publish("T", "a", 1);
    pubSub.publish("T", "b", 2);
    pubSub.publish("T", "a", 3);
    expect([(await a.next()).value, (await a.next()).value, (await b.next()).value]).toEqual([1, 3, 2]);
  });

  it("releases a subscriber that is waiting when it returns, and counts listeners", async () => {
    const pubSub = createLocalPubSub();
    const it = pubSub.subscribe("T", "x")[Symbol.asyncIterator]();
    expect(pubSub.listeners("T", "x")).toBe(1);
    const waiting = it.next();
    await it.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(pubSub.listeners("T", "x")).toBe(0);
  });

  it("keeps at most 1,000 payloads for a subscriber that does not read, dropping the oldest", async () => {
    const pubSub = createLocalPubSub();
    const it = pubSub.subscribe("T", "x")[Symbol.asyncIterator]();
    for (let i = 0; i < 1_005; i++) pubSub.publish("T", "x", i);
    expect((await it.next()).value).toBe(5);
  });
});

describe("subscription iterators", () => {
  it("filterIterable passes return() through while the source waits (an async generator would not)", async () => {
    const pubSub = createLocalPubSub();
    const even = filterIterable(pubSub.subscribe("T", "x")[Symbol.asyncIterator]() as AsyncIterator<number>, (n) => n % 2 === 0);
    pubSub.publish("T", "x", 1);
    pubSub.publish("T", "x", 2);
    expect((await even.next()).value).toBe(2);
    const waiting = even.next();
    await even.return!();
    expect((await waiting).done).toBe(true);
    expect(pubSub.listeners("T", "x")).toBe(0);
  });

  it("endAfter delivers the last item, then ends and releases the source", async () => {
    const pubSub = createLocalPubSub();
    const upToThree = endAfter(pubSub.subscribe("T", "x")[Symbol.asyncIterator]() as AsyncIterableIterator<number>, (n) => n === 3);
    for (const n of [1, 3, 5]) pubSub.publish("T", "x", n);
    expect([(await upToThree.next()).value, (await upToThree.next()).value]).toEqual([1, 3]);
    expect((await upToThree.next()).done).toBe(true);
    expect(pubSub.listeners("T", "x")).toBe(0);
  });
});
