import { describe, expect, it } from "vitest";
import { MAX_WEBHOOK_ATTEMPTS, retryDelayMs } from "./delivery.js";
import { checkWebhookUrl } from "./url.js";

describe("webhook retries", () => {
  it("back off 1 s, 2 s, 4 s … and never wait more than an hour", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelayMs(13)).toBe(3_600_000);
    expect(retryDelayMs(MAX_WEBHOOK_ATTEMPTS)).toBe(3_600_000);
  });

  it("give up after a bounded number of attempts, about eight hours in all", () => {
    const total = Array.from({ length: MAX_WEBHOOK_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(8);
    expect(total / 3_600_000).toBeLessThan(9);
  });
});

describe("webhook URLs", () => {
  it("accept absolute http and https URLs only", () => {
    expect(checkWebhookUrl("https://hooks.example.com/a?b=c")).toBe("https://hooks.example.com/a?b=c");
    expect(checkWebhookUrl("http://127.0.0.1:8080/x")).toBe("http://127.0.0.1:8080/x");
    for (const bad of ["ftp://x/y", "file:///etc/passwd", "/relative", "data:text/plain,x", `https://x.example/${"a".repeat(2100)}`]) {
      expect(() => checkWebhookUrl(bad)).toThrow();
    }
  });
});
