import type { Ceremony } from "./ceremony.js";
import { BadMessage } from "./messages.js";
import type { CookieSession } from "../session-principal.js";

interface Registered {
  finishPasskeyRegistration: { userId: string; credentialId: string; sessionToken: string };
}
interface Authenticated {
  finishPasskeyAuthentication: { userId: string; sessionToken: string };
}

/** /auth/ws/register: a reset link's holder, the signed-in user adding a passkey, or a new user (`?name=`). */
export function registration(origin: string, query: URLSearchParams, cookie: CookieSession, rpName: string): Ceremony {
  return {
    async start(graph) {
      const reset = query.get("reset");
      // A cookie that no longer names a session means the user meant to add to their account: say so, make no new user.
      if (reset === null && cookie.state === "invalid") throw new BadMessage(`You must be signed in to ${rpName} to add a new passkey`);
      const { startPasskeyRegistration } = await graph.run<{ startPasskeyRegistration: unknown }>("startRegistration", { resetToken: reset, displayName: query.get("name") });
      return startPasskeyRegistration;
    },
    async finish(graph, answer) {
      const { finishPasskeyRegistration: r } = await graph.run<Registered>("finishRegistration", { response: answer, origin });
      return { user_uuid: r.userId, credential_uuid: r.credentialId, session_token: r.sessionToken, message: "New credential added successfully" };
    },
  };
}

/** /auth/ws/authenticate: a discoverable passkey names its user. */
export function authentication(origin: string): Ceremony {
  return {
    async start(graph) {
      const { startPasskeyAuthentication } = await graph.run<{ startPasskeyAuthentication: unknown }>("startAuthentication");
      return startPasskeyAuthentication;
    },
    async finish(graph, answer) {
      const { finishPasskeyAuthentication: r } = await graph.run<Authenticated>("finishAuthentication", { response: answer, origin });
      return { user_uuid: r.userId, session_token: r.sessionToken };
    },
  };
}
