/** Children a builder takes: elements, text (set as text, never parsed as HTML), or nothing. */
type Child = Node | string | false | null | undefined;

/** Builds an element; attributes starting with `on` are listeners, the rest attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false) element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** A form whose submit runs `action` with the button disabled, showing its error (or success) in `status`. */
export function actionForm(
  fields: Node[],
  label: string,
  action: (data: FormData) => Promise<string | void>,
  attributes: Record<string, string> = {},
): HTMLFormElement {
  const button = h("button", { type: "submit" }, label);
  const status = h("span", { role: "status" });
  const form = h("form", { class: "inline", ...attributes }, ...fields, button, status);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    button.disabled = true;
    status.className = "";
    status.textContent = "";
    action(new FormData(form)).then(
      (message) => {
        if (message) {
          status.className = "notice";
          status.textContent = message;
        }
      },
      (error: unknown) => {
        status.className = "error";
        status.textContent = error instanceof Error ? error.message : String(error);
      },
    ).finally(() => (button.disabled = false));
  });
  return form;
}

/** A button that runs `action` once per click, disabled meanwhile; a failure is shown beside it. */
export function actionButton(label: string, action: () => Promise<void>, className = ""): HTMLElement {
  const button = h("button", { type: "button", class: className }, label);
  const status = h("span", { class: "error", role: "status" });
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = "";
    action().then(
      () => (button.disabled = false),
      (error: unknown) => {
        button.disabled = false;
        status.textContent = error instanceof Error ? error.message : String(error);
      },
    );
  });
  return h("span", {}, button, " ", status);
}

export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");
