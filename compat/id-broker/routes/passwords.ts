import { reply, route, type RouteDefinition } from "#compat/kit/index.js";
import type { GraphUser } from "../documents/user-fragment.js";
import { isEmployeeId } from "../params.js";
import { brokerError, empty, notFound, unprocessable } from "../replies.js";
import type { BrokerSettings } from "../settings.js";
import { userJson } from "../user-json.js";
import { jsonObjectBody, type Parsed } from "./request.js";
import { presentation } from "./users.js";

/** The deployed model rule: a password is required; the graph's policy and history rules follow. */
function passwordOf(body: Record<string, unknown>): Parsed<string> {
  const value = body.password;
  if (value === undefined || value === null || value === "") return { ok: false, reply: unprocessable("Password cannot be blank.") };
  if (typeof value !== "string") return { ok: false, reply: unprocessable("Password must be a string.") };
  return { ok: true, value };
}

type Found = { user: { id: string } | null };

export function passwordRoutes(settings: BrokerSettings): RouteDefinition<string>[] {
  return [
    route({
      method: "put",
      path: "/user/:employee_id/password",
      async handle(_input, graph, req) {
        if (!isEmployeeId(req.params.employee_id)) return notFound;
        const body = jsonObjectBody(req);
        if (!body.ok) return body.reply;
        const { user: found } = await graph.run<Found>("findUserId", { employeeId: req.params.employee_id });
        if (!found) return empty(204);
        const password = passwordOf(body.value);
        if (!password.ok) return password.reply;
        await graph.run("setPassword", { userId: found.id, password: password.value });
        const { user } = await graph.run<{ user: GraphUser }>("getUser", { employeeId: req.params.employee_id });
        return reply(200, userJson(user, { idpName: settings.idpName, ...presentation(req) }));
      },
    }),
    route({
      method: "put",
      path: "/user/:employee_id/password/assess",
      async handle(_input, graph, req) {
        if (!isEmployeeId(req.params.employee_id)) return notFound;
        const body = jsonObjectBody(req);
        if (!body.ok) return body.reply;
        const { user: found } = await graph.run<Found>("findUserId", { employeeId: req.params.employee_id });
        if (!found) return brokerError(404, "User not found");
        const password = passwordOf(body.value);
        if (!password.ok) return password.reply;
        await graph.run("assessPassword", { userId: found.id, password: password.value });
        return empty(204);
      },
    }),
  ];
}
