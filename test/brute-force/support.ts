import { randomInt } from "node:crypto";
import { expect } from "vitest";
import { authCall } from "#test/support/auth-service.js";
import { brokerClient, startBrokerServer } from "#test/support/id-broker/broker-client.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { newUser, PASSWORD, postForm, protocolUrl } from "#test/oidc/support.js";

/**
 * Small figures so a test reaches a wait in a few requests and sees it end: three failures of an
 * account, five of an address, a wait of 2 s (the longest sleep a test may take).
 */
export const LIMITS = {
  BRUTE_FORCE_FAILURE_FACTOR: "3",
  BRUTE_FORCE_ADDRESS_FAILURE_FACTOR: "5",
  BRUTE_FORCE_WAIT_INCREMENT_SECONDS: "2",
  BRUTE_FORCE_MAX_WAIT_SECONDS: "2",
};
export const FACTOR = 3;
export const ADDRESS_FACTOR = 5;
export const WRONG = "not the password at all";

export { PASSWORD };

/** A fresh address each call (the server trusts X-Forwarded-For from loopback, as behind a proxy). */
export const newAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Answer {
  status: number;
  body: unknown;
}

/** One contract's password login, as its clients call it. */
export interface LoginContract {
  name: string;
  start(env: Record<string, string>): Promise<TestServer>;
  login(server: TestServer, username: string, password: string, address: string): Promise<Answer>;
  /** The answer while waiting, given the answer to a wrong password: the same, unless the contract has its own. */
  refusal(failure: Answer): Answer;
}

const same = (failure: Answer) => failure;

const forwarded = (address: string) => ({ "x-forwarded-for": address });

export const contracts: LoginContract[] = [
  {
    name: "OIDC password grant",
    start: (env) => startTestServer({ env }),
    async login(server, username, password, address) {
      const res = await postForm(protocolUrl(server, "master", "/token"), { grant_type: "password", client_id: "app", username, password }, forwarded(address));
      return { status: res.status, body: res.body };
    },
    // Keycloak answers a temporarily locked user 400 where a wrong password is 401, with the same body.
    refusal: (failure) => ({ ...failure, status: 400 }),
  },
  {
    name: "ID Broker POST /authentication",
    start: (env) => startBrokerServer({ env }),
    async login(server, username, password, address) {
      const res = await brokerClient(server).post("/authentication", { username, password }, { headers: forwarded(address) });
      return { status: res.status, body: res.body };
    },
    refusal: same,
  },
  {
    name: "auth-service POST /system/auth/login",
    start: (env) => startTestServer({ env }),
    async login(server, username, password, address) {
      const res = await authCall(server.publicUrl, "POST", "/system/auth/login", { body: { username, password }, headers: forwarded(address) });
      return { status: res.status, body: res.body };
    },
    refusal: same,
  },
];

/** A user of the default realm whose password is PASSWORD. */
export const newLoginUser = (server: TestServer) => newUser(server);

export interface AuditEvent {
  action: string;
  actorType: string;
  subjectType: string;
  subjectId: string;
  changes: Record<string, unknown>;
}

export async function lockedEvents(server: TestServer, subjectId: string): Promise<AuditEvent[]> {
  const res = await server.gql<{ auditEvents: AuditEvent[] }>(
    `query($id: String!) { auditEvents(action: "brute_force.locked", subjectId: $id, first: 100) { action actorType subjectType subjectId changes } }`,
    { id: subjectId },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.auditEvents;
}
