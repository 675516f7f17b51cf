import { rest, type ResetInfo } from "../api.js";
import { actionButton, h } from "../dom.js";
import { registerPasskey } from "../webauthn.js";
import type { Page } from "./page.js";

/** A device-addition or first-registration link: whose it is, then a passkey registered for that user. */
export async function resetPage(token: string, page: Page): Promise<Node[]> {
  let info: ResetInfo;
  try {
    info = await rest<ResetInfo>("POST", `/user-info?reset=${encodeURIComponent(token)}`);
  } catch (error) {
    return [
      h("h1", {}, "This link cannot be used"),
      h("p", { class: "error", id: "reset-error" }, error instanceof Error ? error.message : String(error)),
      h("p", {}, h("a", { href: page.path("") }, "Go to sign-in")),
    ];
  }
  return [
    h("h1", { id: "reset-title" }, `Add a passkey for ${info.user.user_name || "your account"}`),
    h(
      "section",
      { class: "card" },
      h("p", {}, "This link lets you register a passkey on this device. It works once."),
      actionButton("Register a passkey", async () => {
        await registerPasskey(`?reset=${encodeURIComponent(token)}`);
        page.home();
      }),
    ),
  ];
}
