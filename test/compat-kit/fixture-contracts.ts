import { z } from "zod";
import { defineContract, reply, route, type ErrorTable, type Reply } from "#compat/kit/index.js";
import { ErrorCode } from "#src/services/errors/index.js";

/** A made-up contract with its own error shape, so the tests can tell its bodies from the generic ones. */
export const fault = (status: number, kind: string, detail: string): Reply => reply(status, { fault: { kind, detail } });

export const invalidRequest = (message: string, status: number): Reply => fault(status, "invalid", message);

export const errors: ErrorTable = {
  [ErrorCode.BAD_USER_INPUT]: (failure) => fault(422, "rejected", failure.message),
  [ErrorCode.USERNAME_TAKEN]: fault(409, "taken", "that name is in use"),
  [ErrorCode.SERVICE_UNAVAILABLE]: fault(503, "down", "try again later"),
  [ErrorCode.INTERNAL]: fault(500, "broken", "something went wrong"),
};

const documents = {
  createUser: `mutation KitCreateUser($username: String!, $realm: String) {
    createUser(input: {username: $username, realm: $realm}) { id username }
  }`,
  readSession: `query KitReadSession($id: ID!) { session(id: $id) { id userId status } }`,
  typename: `query KitTypename { __typename }`,
};

export const kitContract = defineContract({
  name: "kit-test",
  listener: "public",
  basePath: "/kit",
  documents,
  invalidRequest,
  errors,
  routes: [
    route({
      method: "post",
      path: "/users",
      body: z.strictObject({ username: z.string().min(1), realm: z.string().optional() }),
      async handle({ body }, graph) {
        const { createUser } = await graph.run<{ createUser: { id: string; username: string } }>("createUser", body);
        return reply(201, { user: createUser });
      },
    }),
    route({
      method: "get",
      path: "/sessions/:id",
      params: z.object({ id: z.uuid() }),
      async handle({ params }, graph) {
        const { session } = await graph.run<{ session: { id: string; userId: string; status: string } | null }>("readSession", params);
        return session ? reply(200, { session }) : fault(404, "missing", "no such session");
      },
    }),
    route({
      method: "post",
      path: "/login",
      // A route that answers malformed input its own way (as a login answers every failure alike).
      malformed: fault(401, "denied", "login failed"),
      body: z.strictObject({ username: z.string() }),
      async handle() {
        return reply(200, { ok: true });
      },
    }),
    route({
      method: "post",
      path: "/explode",
      async handle() {
        throw new Error("disk /var/lib/secret-volume exploded");
      },
    }),
  ],
});

/** The same kit on the trusted listener. */
export const kitInternalContract = defineContract({
  name: "kit-test-internal",
  listener: "internal",
  basePath: "/kit-internal",
  documents: { typename: documents.typename },
  invalidRequest,
  errors,
  routes: [
    route({
      method: "get",
      path: "/ping",
      async handle(_input, graph) {
        const data = await graph.run<{ __typename: string }>("typename");
        return reply(200, { pong: data.__typename });
      },
    }),
  ],
});

/**
 * A contract with a route outside the paths it declares: its router's error handler does not
 * cover that route, so a path that does not decode there falls to the listener's last handler.
 */
export const kitStrayContract = defineContract({
  name: "kit-stray",
  listener: "public",
  basePath: "",
  paths: ["/kit-stray"],
  documents: { typename: documents.typename },
  invalidRequest,
  errors,
  routes: [
    route({
      method: "get",
      path: "/kit-stray-outside/:id",
      async handle(_input, _graph, req) {
        return reply(200, { id: req.params.id });
      },
    }),
  ],
});

/** A contract whose document names a field the schema does not have. */
export const brokenContract = defineContract({
  name: "kit-broken",
  listener: "public",
  basePath: "/broken",
  documents: { nope: `query Nope { noSuchField }` },
  invalidRequest,
  errors,
  routes: [],
});
