import type { UserInfo } from "../api.js";
import { h } from "../dom.js";
import type { Page } from "./page.js";
import { signInFlow } from "../sign-in/flow.js";
import { passkeyStep } from "../sign-in/passkey-steps.js";

/** Where a protected application sends a browser it refused: sign in, or learn that the account lacks the permission. */
export function restrictedPage(user: UserInfo | undefined, page: Page): Node[] {
  if (!user) return [h("h1", {}, "Sign in required"), h("p", {}, "The page you asked for needs you to sign in."), signInFlow([passkeyStep], () => page.reload())];
  return [
    h("h1", {}, "Permission required"),
    h("p", {}, `You are signed in as ${user.user.user_name}, but your account lacks the permission for that page.`),
    h("p", {}, h("a", { href: page.path("") }, "Your account")),
  ];
}
