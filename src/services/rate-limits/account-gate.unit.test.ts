import { describe, expect, it } from "vitest";
import { AccountGate } from "./account-gate.js";

const later = () => Date.now() + 60_000;

describe("AccountGate", () => {
  it("lets `capacity` checks of one account in at once and the next in line in as each leaves, in order", async () => {
    const gate = new AccountGate(2);
    const first = await gate.enter("user:a", later());
    const second = await gate.enter("user:a", later());
    const order: string[] = [];
    const third = gate.enter("user:a", later()).then((leave) => (order.push("third"), leave));
    const fourth = gate.enter("user:a", later()).then((leave) => (order.push("fourth"), leave));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);

    first!();
    first!(); // leaving twice frees one place, not two
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(["third"]);
    second!();
    expect(await fourth).toBeTypeOf("function");
    expect(order).toEqual(["third", "fourth"]);
    (await third)!();
    (await fourth)!();
  });

  it("keeps accounts apart", async () => {
    const gate = new AccountGate(1);
    await gate.enter("user:a", later());
    expect(await gate.enter("user:b", later())).toBeTypeOf("function");
  });

  it("gives up at the deadline, and a place that frees afterwards goes to the next in line", async () => {
    const gate = new AccountGate(1);
    const inside = await gate.enter("user:a", later());
    expect(await gate.enter("user:a", Date.now() + 20)).toBeUndefined();
    const next = gate.enter("user:a", later());
    inside!();
    expect(await next).toBeTypeOf("function");
  });
});
