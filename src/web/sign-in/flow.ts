import { h } from "../dom.js";

/**
 * Sign-in as a sequence of steps. Today's only first factor is a passkey; a password step and a
 * second-factor step (for the OIDC authorization endpoint to come) are further SignInStep values
 * in the same list: a step either finishes the sign-in (the session cookie is set) or names the
 * step that follows it, so the flow's caller never learns which factors were used.
 */
export interface SignInStep {
  readonly id: string;
  readonly title: string;
  render(flow: FlowControl): Node;
}

export interface FlowControl {
  /** The session cookie is set: hand over to whoever started the flow. */
  signedIn(): void;
  /** Move to another step of this flow (a second factor, or registration instead of sign-in). */
  goTo(stepId: string): void;
}

/** Renders the flow, starting at its first step; `onSignedIn` runs once a step has set the session. */
export function signInFlow(steps: SignInStep[], onSignedIn: () => void): HTMLElement {
  const container = h("section", { class: "card", "data-flow": "sign-in" });
  const show = (step: SignInStep) => {
    container.replaceChildren(h("h2", {}, step.title), step.render(control));
    container.dataset.step = step.id;
  };
  const control: FlowControl = {
    signedIn: onSignedIn,
    goTo(stepId) {
      const step = steps.find((s) => s.id === stepId);
      if (!step) throw new Error(`no sign-in step ${stepId}`);
      show(step);
    },
  };
  const [first] = steps;
  if (!first) throw new Error("a sign-in flow needs a step");
  show(first);
  return container;
}
