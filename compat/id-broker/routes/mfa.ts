import type { Request } from "express";
import { reply, route, type Graph, type RouteDefinition } from "#compat/kit/index.js";
import type { GraphMfa, GraphWebauthnCredential } from "../mfa-json.js";
import { mfaJson, webauthnJson } from "../mfa-json.js";
import { isEmployeeId } from "../params.js";
import { empty, notFound } from "../replies.js";
import { pathInt, textFields } from "./fields.js";
import { jsonObjectBody, queryText } from "./request.js";

type G = Graph<string>;

/** `?rpOrigin=` as given (express has url-decoded it); a repeated one is not text and counts as none. */
const rpOrigin = (req: Request) => queryText(req, "rpOrigin") ?? null;

/** Runs a handler with the JSON body's text fields, or answers the contract's 400 for a body that is not one. */
async function withBody<K extends string>(req: Request, names: readonly K[], run: (fields: Record<K, string | null>, body: Record<string, unknown>) => Promise<ReturnType<typeof reply>>) {
  const body = jsonObjectBody(req);
  if (!body.ok) return body.reply;
  const fields = textFields(body.value, names);
  if (!fields.ok) return fields.reply;
  return run(fields.value, body.value);
}

async function verify(req: Request, graph: G, kind: string) {
  const id = pathInt(req.params.id);
  if (id === undefined) return notFound;
  return withBody(req, ["employee_id", "label"] as const, async (fields, body) => {
    const input = { employeeId: fields.employee_id, mfaId: id, value: body.value ?? null, rpOrigin: rpOrigin(req), kind, label: fields.label };
    const { mfa } = await graph.run<{ mfa: GraphMfa }>("mfaVerify", { input });
    return reply(200, mfaJson(mfa));
  });
}

/** /mfa and /user/{employee_id}/mfa (reference §4): each route only translates to a graph operation. */
export const mfaRoutes: RouteDefinition<string>[] = [
  route({
    method: "get",
    path: "/user/:employee_id/mfa",
    async handle(_input, graph, req) {
      if (!isEmployeeId(req.params.employee_id)) return notFound;
      const { mfa } = await graph.run<{ mfa: GraphMfa[] }>("mfaList", { employeeId: req.params.employee_id, rpOrigin: rpOrigin(req) });
      return reply(200, mfa.map(mfaJson));
    },
  }),
  route({
    method: "post",
    path: "/mfa",
    handle: (_input, graph, req) =>
      withBody(req, ["employee_id", "label", "recovery_email"] as const, async (fields, body) => {
        // A type that is not text is no supported type: the service answers as for an unknown one.
        const type = typeof body.type === "string" ? body.type : "";
        const input = { employeeId: fields.employee_id, type, label: fields.label, recoveryEmail: fields.recovery_email, rpOrigin: rpOrigin(req) };
        const { created } = await graph.run<{ created: { id: number; data: unknown } }>("mfaCreate", { input });
        return reply(200, created);
      }),
  }),
  route({ method: "post", path: "/mfa/:id/verify", handle: (_input, graph, req) => verify(req, graph, "") }),
  route({
    method: "post",
    path: "/mfa/:id/verify/:kind",
    handle: (_input, graph, req) => verify(req, graph, String(req.params.kind)),
  }),
  route({
    method: "put",
    path: "/mfa/:id",
    async handle(_input, graph, req) {
      const id = pathInt(req.params.id);
      if (id === undefined) return notFound;
      return withBody(req, ["employee_id", "label"] as const, async (fields) => {
        const input = { employeeId: fields.employee_id, mfaId: id, label: fields.label, rpOrigin: rpOrigin(req) };
        const { mfa } = await graph.run<{ mfa: GraphMfa }>("mfaUpdateLabel", { input });
        return reply(200, mfaJson(mfa));
      });
    },
  }),
  route({
    method: "delete",
    path: "/mfa/:id",
    async handle(_input, graph, req) {
      const id = pathInt(req.params.id);
      if (id === undefined) return notFound;
      return withBody(req, ["employee_id"] as const, async (fields) => {
        await graph.run("mfaDelete", { input: { employeeId: fields.employee_id, mfaId: id, rpOrigin: rpOrigin(req) } });
        return empty(204);
      });
    },
  }),
  route({
    method: "put",
    path: "/mfa/:mfaId/webauthn/:webauthnId",
    async handle(_input, graph, req) {
      const mfaId = pathInt(req.params.mfaId);
      const credentialId = pathInt(req.params.webauthnId);
      if (mfaId === undefined || credentialId === undefined) return notFound;
      return withBody(req, ["employee_id", "label"] as const, async (fields) => {
        const input = { employeeId: fields.employee_id, mfaId, credentialId, label: fields.label, rpOrigin: rpOrigin(req) };
        const { credential } = await graph.run<{ credential: GraphWebauthnCredential }>("mfaUpdateWebauthn", { input });
        return reply(200, webauthnJson(credential));
      });
    },
  }),
  route({
    method: "delete",
    path: "/mfa/:mfaId/webauthn/:webauthnId",
    async handle(_input, graph, req) {
      const mfaId = pathInt(req.params.mfaId);
      const credentialId = pathInt(req.params.webauthnId);
      if (mfaId === undefined || credentialId === undefined) return notFound;
      return withBody(req, ["employee_id"] as const, async (fields) => {
        await graph.run("mfaDeleteWebauthn", { input: { employeeId: fields.employee_id, mfaId, credentialId, rpOrigin: rpOrigin(req) } });
        return empty(204);
      });
    },
  }),
];
