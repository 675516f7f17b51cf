import type { Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import { listData, optionView, type MfaOptionView } from "./data.js";
import { countOf, type MfaView } from "./queries.js";
import { rpOriginAllowed, type MfaSettings } from "./settings.js";
import { startAuthentication } from "./webauthn.js";

/** LIST: user reads; AUTHENTICATE: a password login, with login data per option; INVITE: a login by invite. */
export type MfaScenario = "LIST" | "AUTHENTICATE" | "INVITE";

export interface MfaSummaryView {
  prompt: boolean;
  active: boolean;
  options: MfaOptionView[];
}

/** What a login needs to use an option: a WebAuthn assertion challenge, or how many codes are left. */
async function loginData(db: Db, settings: MfaSettings, view: MfaView, rpOrigin: string | null | undefined, now: Date): Promise<unknown> {
  switch (view.mfa.type) {
    case "webauthn":
      // Without an allowed origin no ceremony can finish; the deployed broker logs and goes on without one.
      return view.credentials.length > 0 && rpOrigin && rpOriginAllowed(settings, rpOrigin)
        ? startAuthentication(db, settings, view.mfa.id, view.credentials, now)
        : [];
    case "totp":
      return [];
    default:
      return { count: view.codeCount };
  }
}

const requiresMfa = (user: UserRow) => user.requireMfa;

/**
 * The `mfa` block of a user (reference §1, §2): manager codes show only to a login, the prompt
 * only on a password login, and only a password login with an allowed rpOrigin starts WebAuthn challenges.
 */
export async function summarize(
  db: Db,
  settings: MfaSettings,
  user: UserRow,
  views: MfaView[],
  scenario: MfaScenario,
  rpOrigin: string | null | undefined,
  now: Date,
): Promise<MfaSummaryView> {
  const authenticating = scenario === "AUTHENTICATE";
  const visible = authenticating ? views : views.filter((v) => v.mfa.type !== "manager");
  const options: MfaOptionView[] = [];
  for (const view of visible) options.push(optionView(view, authenticating ? await loginData(db, settings, view, rpOrigin, now) : listData(view)));
  return { prompt: authenticating && (requiresMfa(user) || countOf(views) > 0), active: visible.length > 0, options };
}
