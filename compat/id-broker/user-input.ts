import { isBlank } from "./user-validation.js";

/** Broker attribute → graph input field. */
const names: Record<string, string> = {
  employee_id: "employeeId",
  first_name: "firstName",
  last_name: "lastName",
  display_name: "displayName",
  username: "username",
  email: "email",
  manager_email: "managerEmail",
  personal_email: "personalEmail",
  active: "active",
  locked: "locked",
  require_mfa: "requireMfa",
  hide: "hide",
  groups: "groups",
  nag_for_mfa_after: "nagForMfaAfter",
  nag_for_method_after: "nagForMethodAfter",
  review_profile_after: "reviewProfileAfter",
  expires_on: "expiresOn",
};

const ENUMS = new Set(["active", "locked", "require_mfa", "hide"]);
const DATES = new Set(["nag_for_mfa_after", "nag_for_method_after", "review_profile_after", "expires_on"]);
/** Fields the graph cannot store empty: a blank one is left unchanged. */
const KEEP_WHEN_BLANK = new Set(["employee_id", "first_name", "last_name", "username", ...ENUMS, ...DATES]);

/** The broker's `groups` is a comma list; the graph keeps a list. */
const groupList = (csv: string) => csv.split(",").map((g) => g.trim()).filter(Boolean);

/**
 * A validated broker body as a graph input: `yes`/`no` to booleans, dates to midnight UTC,
 * blank optional values to null (cleared on update, absent on create).
 */
export function toGraphUserInput(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    if (!(field in body)) continue;
    const value = body[field];
    if (isBlank(value)) {
      if (!KEEP_WHEN_BLANK.has(field)) input[names[field]!] = field === "groups" ? [] : null;
      continue;
    }
    if (ENUMS.has(field)) input[names[field]!] = value === "yes";
    else if (DATES.has(field)) input[names[field]!] = `${value as string}T00:00:00.000Z`;
    else if (field === "groups") input.groups = groupList(value as string);
    else input[names[field]!] = value;
  }
  return input;
}
