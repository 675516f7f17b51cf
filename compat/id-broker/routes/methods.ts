import type { Request } from "express";
import { reply, route, type RouteDefinition } from "#compat/kit/index.js";
import type { GraphRecoveryMethod } from "../mfa-json.js";
import { methodJson } from "../mfa-json.js";
import { isEmployeeId } from "../params.js";
import { empty, notFound } from "../replies.js";
import { isMethodUid, optionalText, textFields } from "./fields.js";
import { jsonObjectBody, queryText } from "./request.js";

type Text = { ok: true; value: string | null } | { ok: false; reply: ReturnType<typeof reply> };

/**
 * GET /method/{uid} takes employee_id in its body, as deployed; many HTTP clients cannot send a
 * body with a GET, so `?employee_id=` is read when there is none.
 */
function employeeIdOfGet(req: Request): Text {
  const body: unknown = req.body;
  if (body && typeof body === "object" && !Array.isArray(body)) return optionalText(body as Record<string, unknown>, "employee_id", true);
  return { ok: true, value: queryText(req, "employee_id") ?? null };
}

/** The employee_id of a body that must be a JSON object. */
function employeeIdOfBody(req: Request): Text {
  const body = jsonObjectBody(req);
  if (!body.ok) return body;
  const fields = textFields(body.value, ["employee_id"] as const);
  return fields.ok ? { ok: true, value: fields.value.employee_id } : fields;
}

const methodInput = (employeeId: string | null, uid: string) => ({ input: { employeeId, uid } });

/** /method and /user/{employee_id}/method (reference §5, with the 409). */
export const methodRoutes: RouteDefinition<string>[] = [
  route({
    method: "get",
    path: "/user/:employee_id/method",
    async handle(_input, graph, req) {
      if (!isEmployeeId(req.params.employee_id)) return notFound;
      const { methods } = await graph.run<{ methods: GraphRecoveryMethod[] }>("methodList", { employeeId: req.params.employee_id });
      return reply(200, methods.map(methodJson));
    },
  }),
  route({
    method: "post",
    path: "/method",
    async handle(_input, graph, req) {
      const body = jsonObjectBody(req);
      if (!body.ok) return body.reply;
      const employeeId = optionalText(body.value, "employee_id", true);
      if (!employeeId.ok) return employeeId.reply;
      // A value that is not text is "value is required", the first check of the service.
      const value = typeof body.value.value === "string" ? body.value.value : null;
      const { method } = await graph.run<{ method: GraphRecoveryMethod }>("methodCreate", { input: { employeeId: employeeId.value, value } });
      return reply(200, methodJson(method));
    },
  }),
  route({
    method: "get",
    path: "/method/:uid",
    async handle(_input, graph, req) {
      if (!isMethodUid(req.params.uid)) return notFound;
      const employeeId = employeeIdOfGet(req);
      if (!employeeId.ok) return employeeId.reply;
      const { method } = await graph.run<{ method: GraphRecoveryMethod }>("methodGet", methodInput(employeeId.value, req.params.uid));
      return reply(200, methodJson(method));
    },
  }),
  route({
    method: "delete",
    path: "/method/:uid",
    async handle(_input, graph, req) {
      if (!isMethodUid(req.params.uid)) return notFound;
      const employeeId = employeeIdOfBody(req);
      if (!employeeId.ok) return employeeId.reply;
      await graph.run("methodDelete", methodInput(employeeId.value, req.params.uid));
      return empty(204);
    },
  }),
  route({
    method: "put",
    path: "/method/:uid/verify",
    async handle(_input, graph, req) {
      if (!isMethodUid(req.params.uid)) return notFound;
      const body = jsonObjectBody(req);
      if (!body.ok) return body.reply;
      const { method } = await graph.run<{ method: GraphRecoveryMethod }>("methodVerify", { uid: req.params.uid, code: body.value.code ?? null });
      return reply(200, methodJson(method));
    },
  }),
  route({
    method: "put",
    path: "/method/:uid/resend",
    async handle(_input, graph, req) {
      if (!isMethodUid(req.params.uid)) return notFound;
      const employeeId = employeeIdOfBody(req);
      if (!employeeId.ok) return employeeId.reply;
      await graph.run("methodResend", methodInput(employeeId.value, req.params.uid));
      return empty(204);
    },
  }),
];
