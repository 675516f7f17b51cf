import { actionButton, actionForm, h } from "../dom.js";
import { authenticateWithPasskey, registerPasskey } from "../webauthn.js";
import type { SignInStep } from "./flow.js";

/** The passkey factor: a discoverable credential names its user, so no user name is asked for first. */
export const passkeyStep: SignInStep = {
  id: "passkey",
  title: "Sign in",
  render: (flow) =>
    h(
      "div",
      {},
      h("p", {}, "Use the passkey saved on this device or a security key."),
      actionButton("Sign in with a passkey", async () => {
        await authenticateWithPasskey();
        flow.signedIn();
      }),
      h("p", { class: "muted" }, "No account yet? ", h("a", { href: "#", id: "to-register", onclick: (event) => (event.preventDefault(), flow.goTo("register")) }, "Create one with a passkey")),
    ),
};

/** A new user: a display name, then a passkey registered on this device. */
export const registerStep: SignInStep = {
  id: "register",
  title: "Create an account",
  render: (flow) =>
    h(
      "div",
      {},
      actionForm(
        [h("label", {}, "Your name ", h("input", { name: "name", required: true, maxlength: "64", autocomplete: "name" }))],
        "Create account with a passkey",
        async (data) => {
          await registerPasskey(`?name=${encodeURIComponent(String(data.get("name")))}`);
          flow.signedIn();
        },
      ),
      h("p", { class: "muted" }, h("a", { href: "#", onclick: (event) => (event.preventDefault(), flow.goTo("passkey")) }, "Back to sign-in")),
    ),
};
