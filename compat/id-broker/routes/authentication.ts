import { GraphFailure, reply, route, type RouteDefinition } from "#compat/kit/index.js";
import { ErrorCode } from "#src/services/errors/index.js";
import type { GraphNag, GraphUser } from "../documents/user-fragment.js";
import { brokerError } from "../replies.js";
import type { BrokerSettings } from "../settings.js";
import { userJson } from "../user-json.js";
import { jsonObjectBody, queryText, type Parsed } from "./request.js";
import { presentation } from "./users.js";

/** Every credential failure is this one answer, whatever the reason. */
const badCredentials = brokerError(400);
const inviteExpired = brokerError(410);

/** The deployed broker casts each field to a string (a number is its digits; absent or null is empty). */
function credentialsOf(body: Record<string, unknown>): Parsed<{ username: string; password: string; invite: string }> {
  const fields = { username: "", password: "", invite: "" };
  for (const name of Object.keys(fields) as (keyof typeof fields)[]) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number") return { ok: false, reply: brokerError(400, `${name} must be a string`) };
    fields[name] = String(value);
  }
  return { ok: true, value: fields };
}

type Authenticated = { authenticate: { outcome: string; nag: GraphNag | null; user: GraphUser | null } };

export function authenticationRoutes(settings: BrokerSettings): RouteDefinition<string>[] {
  return [
    route({
      method: "post",
      path: "/authentication",
      // A NUL or a lone surrogate in a credential is a failed login too, answered alike.
      malformed: badCredentials,
      async handle(_input, graph, req) {
        const body = jsonObjectBody(req);
        if (!body.ok) return body.reply;
        const credentials = credentialsOf(body.value);
        if (!credentials.ok) return credentials.reply;
        const { username, password, invite } = credentials.value;
        const rpOrigin = queryText(req, "rpOrigin") || null;
        const input = invite ? { invite, rpOrigin } : { username, password, rpOrigin };
        let result: Authenticated["authenticate"];
        try {
          ({ authenticate: result } = await graph.run<Authenticated>("authenticate", { input, mfaScenario: invite ? "INVITE" : "AUTHENTICATE", rpOrigin }));
        } catch (error) {
          // Input the graph refuses (an over-long username, say) is a credential failure like any other.
          if (error instanceof GraphFailure && error.failure.code === ErrorCode.BAD_USER_INPUT) return badCredentials;
          throw error;
        }
        if (result.outcome === "INVITE_EXPIRED") return inviteExpired;
        if (result.outcome !== "AUTHENTICATED" || !result.user) return badCredentials;
        const nag = result.nag ?? "NONE";
        return reply(200, userJson(result.user, { idpName: settings.idpName, ...presentation(req), nag, listMethods: nag === "PROFILE_REVIEW" }));
      },
    }),
  ];
}
