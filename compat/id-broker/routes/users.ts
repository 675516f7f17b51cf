import type { Request } from "express";
import { GraphFailure, reply, route, type Reply, type RouteDefinition } from "#compat/kit/index.js";
import { ErrorCode } from "#src/services/errors/index.js";
import type { GraphUser } from "../documents/user-fragment.js";
import { isEmployeeId } from "../params.js";
import { brokerError, empty, notFound, unprocessable } from "../replies.js";
import type { BrokerSettings } from "../settings.js";
import { toGraphUserInput } from "../user-input.js";
import { userJson } from "../user-json.js";
import { CREATE_FIELDS, createProblem, label, UPDATE_FIELDS, updateProblem } from "../user-validation.js";
import { jsonObjectBody, queryText } from "./request.js";

/** GET /user takes these query parameters; any other one empties the answer, as deployed. */
const LIST_PARAMS = new Set(["username", "email", "search", "fields", "mask"]);

/** The RAML's default `fields` of GET /user (the deployed code sent every field; the RAML is explicit, so it wins). */
const LIST_DEFAULT_FIELDS = "uuid,employee_id,first_name,last_name,display_name,username,email,active,locked,password";

const takenFields: Record<string, string> = {
  [ErrorCode.USERNAME_TAKEN]: "username",
  [ErrorCode.EMAIL_TAKEN]: "email",
  [ErrorCode.EMPLOYEE_ID_TAKEN]: "employee_id",
};

/** Model-validation failures from the graph are the deployed 422, naming the taken value as Yii does. */
function asValidationFailure(error: unknown, body: Record<string, unknown>): Reply {
  if (!(error instanceof GraphFailure)) throw error;
  const taken = takenFields[error.failure.code];
  if (taken) return unprocessable(`${label(taken)} "${String(body[taken])}" has already been taken.`);
  if (error.failure.code === ErrorCode.BAD_USER_INPUT) return unprocessable(error.failure.message);
  throw error;
}

/** `fields` and `mask` of any request that returns users. */
export const presentation = (req: Request) => ({ fields: queryText(req, "fields"), mask: queryText(req, "mask") });

export function userRoutes(settings: BrokerSettings): RouteDefinition<string>[] {
  const json = (user: GraphUser, req: Request) => userJson(user, { idpName: settings.idpName, ...presentation(req) });

  return [
    route({
      method: "get",
      path: "/user",
      async handle(_input, graph, req) {
        const keys = Object.keys(req.query);
        if (keys.some((key) => !LIST_PARAMS.has(key))) return reply(200, []);
        if (keys.some((key) => typeof req.query[key] !== "string")) return brokerError(400, "each query parameter may be given once, as text");
        const filters = { username: queryText(req, "username") || null, email: queryText(req, "email") || null, search: queryText(req, "search") || null };
        const users: GraphUser[] = [];
        let after: string | null = null;
        do {
          type Page = { users: { nodes: GraphUser[]; hasNextPage: boolean; endCursor: string | null } };
          const { users: page }: Page = await graph.run<Page>("listUsers", { ...filters, after });
          users.push(...page.nodes);
          after = page.hasNextPage ? page.endCursor : null;
        } while (after);
        // The RAML's defaults on this path: its field list, and `mask` yes.
        const options = { idpName: settings.idpName, fields: queryText(req, "fields") ?? LIST_DEFAULT_FIELDS, mask: queryText(req, "mask") ?? "yes" };
        return reply(200, users.map((user) => userJson(user, options)));
      },
    }),
    route({
      method: "post",
      path: "/user",
      async handle(_input, graph, req) {
        const body = jsonObjectBody(req);
        if (!body.ok) return body.reply;
        const problem = createProblem(body.value);
        if (problem) return unprocessable(problem);
        const input = { ...toGraphUserInput(body.value, CREATE_FIELDS), invite: true };
        try {
          const { user } = await graph.run<{ user: GraphUser }>("createUser", { input });
          return reply(200, json(user, req));
        } catch (error) {
          return asValidationFailure(error, body.value);
        }
      },
    }),
    route({
      method: "get",
      path: "/user/:employee_id",
      async handle(_input, graph, req) {
        if (!isEmployeeId(req.params.employee_id)) return notFound;
        const { user } = await graph.run<{ user: GraphUser | null }>("getUser", { employeeId: req.params.employee_id });
        return user ? reply(200, json(user, req)) : empty(204);
      },
    }),
    route({
      method: "put",
      path: "/user/:employee_id",
      async handle(_input, graph, req) {
        if (!isEmployeeId(req.params.employee_id)) return notFound;
        const body = jsonObjectBody(req);
        if (!body.ok) return body.reply;
        const { user: found } = await graph.run<{ user: { id: string; email: string | null } | null }>("findUserId", { employeeId: req.params.employee_id });
        if (!found) return empty(204);
        const problem = updateProblem(body.value, !!found.email);
        if (problem) return unprocessable(problem);
        try {
          const { user } = await graph.run<{ user: GraphUser }>("updateUser", { id: found.id, input: toGraphUserInput(body.value, UPDATE_FIELDS) });
          return reply(200, json(user, req));
        } catch (error) {
          return asValidationFailure(error, body.value);
        }
      },
    }),
    route({
      method: "put",
      path: "/user/:employee_id/update-last-login",
      async handle(_input, graph, req) {
        if (!isEmployeeId(req.params.employee_id)) return notFound;
        const { user: found } = await graph.run<{ user: { id: string } | null }>("findUserId", { employeeId: req.params.employee_id });
        if (!found) return empty(404);
        const { user } = await graph.run<{ user: { employeeId: string; lastLoginAt: string } }>("recordUserLogin", { id: found.id });
        // The RAML's example is ISO 8601 (the deployed code answers MySQL's format; the RAML wins).
        return reply(200, { employee_id: user.employeeId, last_login_utc: `${user.lastLoginAt.slice(0, 19)}Z` });
      },
    }),
  ];
}
