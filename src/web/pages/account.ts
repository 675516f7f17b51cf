import { rest, type UserInfo } from "../api.js";
import { actionButton, actionForm, h, when } from "../dom.js";
import { registerPasskey } from "../webauthn.js";
import type { Page } from "./page.js";

/** The signed-in user's own page: name, passkeys, device links, sessions, sign-out. */
export function accountPage(user: UserInfo, page: Page): Node[] {
  const reload = async () => page.reload();
  const linkOut = h("div", { id: "device-link" });

  const credentials = h(
    "table",
    { id: "credentials" },
    h("thead", {}, h("tr", {}, h("th", {}, "Created"), h("th", {}, "Last used"), h("th", {}, "Uses"), h("th", {}, ""))),
    h(
      "tbody",
      {},
      ...user.credentials.map((c) =>
        h(
          "tr",
          { "data-credential": c.credential_uuid },
          h("td", {}, when(c.created_at)),
          h("td", {}, when(c.last_used), c.is_current_session ? h("span", { class: "muted" }, " (this session)") : null),
          h("td", {}, String(c.sign_count)),
          h("td", {}, actionButton("Delete", async () => {
            if (!confirm("Delete this passkey? It will no longer sign you in.")) return;
            await rest("DELETE", `/user/credential/${encodeURIComponent(c.credential_uuid)}`);
            await reload();
          }, "danger")),
        ),
      ),
    ),
  );

  const sessions = h(
    "table",
    { id: "sessions" },
    h("thead", {}, h("tr", {}, h("th", {}, "Host"), h("th", {}, "Address"), h("th", {}, "Browser"), h("th", {}, "Last active"), h("th", {}, ""))),
    h(
      "tbody",
      {},
      ...user.sessions.map((s) =>
        h(
          "tr",
          { "data-session": s.id, "data-current": String(s.is_current) },
          h("td", {}, s.host ?? "—", s.is_current ? h("strong", {}, " (this browser)") : null),
          h("td", {}, s.ip ?? "—"),
          h("td", { class: "muted" }, s.user_agent ?? "—"),
          h("td", {}, when(s.last_renewed)),
          h("td", {}, actionButton(s.is_current ? "Sign out" : "End", async () => {
            const { current_session_terminated } = await rest<{ current_session_terminated: boolean }>("DELETE", `/user/session/${encodeURIComponent(s.id)}`);
            if (current_session_terminated) page.home();
            else await reload();
          }, "danger")),
        ),
      ),
    ),
  );

  return [
    h(
      "nav",
      {},
      user.is_global_admin || user.is_org_admin ? h("a", { href: page.path("admin/"), id: "to-admin" }, "Administration") : null,
      actionButton("Sign out", async () => {
        await rest("POST", "/logout");
        page.home();
      }, "secondary"),
    ),
    h("h1", { id: "greeting" }, `Signed in as ${user.user.user_name || "(no name)"}`),
    h(
      "p",
      { class: "muted" },
      [user.org && `Organization: ${user.org.display_name}`, user.role && `Role: ${user.role.display_name}`, `Visits: ${user.user.visits}`].filter(Boolean).join(" · "),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Display name"),
      actionForm(
        [h("input", { name: "display_name", value: user.user.user_name, required: true, maxlength: "64", "aria-label": "Display name" })],
        "Save",
        async (data) => {
          await rest("PUT", "/user/display-name", { display_name: String(data.get("display_name")) });
          await reload();
        },
        { id: "display-name" },
      ),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Passkeys"),
      credentials,
      h(
        "p",
        {},
        actionButton("Add a passkey on this device", async () => {
          await registerPasskey("");
          await reload();
        }, "secondary"),
        " ",
        actionButton("Create a link for another device", async () => {
          const { url, expires } = await rest<{ url: string; expires: string }>("POST", "/user/create-link");
          linkOut.replaceChildren(
            h("p", {}, "Open this link on the other device to add a passkey there. It works once, until ", when(expires), "."),
            h("code", { class: "link" }, url),
          );
        }, "secondary"),
      ),
      linkOut,
    ),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Sessions"),
      sessions,
      h("p", {}, actionButton("Sign out everywhere", async () => {
        await rest("POST", "/user/logout-all");
        page.home();
      }, "danger")),
    ),
  ];
}
