import { currentUser } from "./api.js";
import { h } from "./dom.js";
import { accountPage } from "./pages/account.js";
import { adminPage } from "./pages/admin.js";
import { pageAt } from "./pages/page.js";
import { resetPage } from "./pages/reset.js";
import { restrictedPage } from "./pages/restricted.js";
import { signInFlow } from "./sign-in/flow.js";
import { passkeyStep, registerStep } from "./sign-in/passkey-steps.js";

/**
 * One HTML page for every UI path; the path picks the view. The UI lives under /auth/ on any host,
 * or at the root of the auth host in AUTH_HOST mode (the server redirects between the two).
 */
async function route(): Promise<Node[]> {
  const base = /^\/auth(\/|$)/.test(location.pathname) ? "/auth/" : "/";
  const rest = location.pathname.slice(base.length);
  const page = pageAt(base);
  const reset = new URLSearchParams(location.search).get("reset");
  if (reset !== null && rest === "") return resetPage(reset, page);
  if (rest === "restricted" || rest === "restricted/") return restrictedPage(await currentUser(), page);
  if (rest !== "" && rest !== "admin" && rest !== "admin/") return resetPage(rest, page);

  const user = await currentUser();
  if (!user) return [h("h1", {}, "Passkey sign-in"), signInFlow([passkeyStep, registerStep], () => page.reload())];
  if (rest === "") {
    document.title = "Your account";
    return accountPage(user, page);
  }
  document.title = "Administration";
  return adminPage(user, page);
}

const app = document.getElementById("app")!;
route().then(
  (nodes) => app.replaceChildren(...nodes),
  (error: unknown) => app.replaceChildren(h("h1", {}, "Something went wrong"), h("p", { class: "error" }, error instanceof Error ? error.message : String(error))),
);
