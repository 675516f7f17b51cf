import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import { baseline } from "./samples.js";
import { renderTarget } from "./serialize.js";
import { fuzzTargets, specOperations, targetFor } from "./targets.js";

const readme = fileURLToPath(new URL("../../../shared/specs/README.md", import.meta.url));
const targets = fuzzTargets(loadConfig({ DATABASE_URL: "memory://" }));

describe("the fuzz suite's list of targets", () => {
  const operations = specOperations(readme);

  it("reads the whole checklist of the specs README (55 operations)", () => {
    expect(operations).toHaveLength(55);
  });

  it.each(operations.map((op) => [`${op.spec} ${op.method} ${op.path}`, op] as const))("covers %s", (_name, operation) => {
    expect(targetFor(operation, targets)).toBeDefined();
  });

  it("has a baseline request for every target, with every path parameter filled", () => {
    for (const target of targets) {
      const sent = renderTarget(baseline(target, placeholderFixture)).toString("latin1");
      expect(sent, `${target.method} ${target.path}`).not.toMatch(/\/:/);
    }
  });
});

const placeholderFixture = {
  publicHost: "localhost:1",
  adminKey: "k",
  brokerKey: "k",
  userId: "u",
  username: "n",
  password: "p",
  employeeId: "e",
  sessionId: "s",
  accessToken: "a",
  refreshToken: "r",
  ticketToken: "t",
  ticketCookie: "c",
  mfaId: "1",
  methodUid: "m",
  passkeyCookie: "pc",
  passkeyUserId: "pu",
  orgId: "o",
  roleId: "r",
};
