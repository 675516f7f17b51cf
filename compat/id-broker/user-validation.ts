/**
 * The deployed User model's validation, in its own words (Yii): the first failing rule gives the
 * 422 message. Only the request's shape is checked here; uniqueness and the graph's own input
 * rules answer from the graph.
 */
const labels: Record<string, string> = {
  employee_id: "Employee ID",
  first_name: "First Name",
  last_name: "Last Name",
  display_name: "Display Name",
  username: "Username",
  email: "Email",
  active: "Active",
  locked: "Locked",
  manager_email: "Manager Email",
  require_mfa: "Require Mfa",
  personal_email: "Personal Email",
  hide: "Hide",
  groups: "Groups",
  nag_for_mfa_after: "Nag For Mfa After",
  nag_for_method_after: "Nag For Method After",
  review_profile_after: "Review Profile After",
  expires_on: "Expires On",
};

export const label = (field: string) => labels[field] ?? field;

const STRING_FIELDS = ["employee_id", "first_name", "last_name", "display_name", "username", "email", "manager_email", "personal_email", "groups"];
const ENUM_FIELDS = ["active", "locked", "require_mfa", "hide"];
const EMAIL_FIELDS = ["email", "manager_email", "personal_email"];
const DATE_FIELDS = ["nag_for_mfa_after", "nag_for_method_after", "review_profile_after", "expires_on"];

/** Attributes each scenario takes; anything else in the body is ignored, as deployed. */
export const CREATE_FIELDS = [...STRING_FIELDS, ...ENUM_FIELDS, ...DATE_FIELDS];
export const UPDATE_FIELDS = ["first_name", "last_name", "display_name", "username", "email", "active", "locked", "manager_email", "require_mfa", "personal_email", "hide", "groups"];

/** Yii's EmailValidator pattern. */
const EMAIL = /^[a-zA-Z0-9!#$%&'*+\\/=?^_`{|}~-]+(?:\.[a-zA-Z0-9!#$%&'*+\\/=?^_`{|}~-]+)*@(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const EMPLOYEE_ID = /^[\w-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Body = Record<string, unknown>;

/** Yii's isEmpty: absent, null, or a blank string. */
export const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");

const isRealDate = (value: string) => DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

function firstProblem(body: Body, fields: string[], required: string[]): string | undefined {
  const present = (field: string) => fields.includes(field) && !isBlank(body[field]);
  for (const field of required) if (isBlank(body[field])) return `${label(field)} cannot be blank.`;
  for (const field of STRING_FIELDS.filter(present)) {
    const value = body[field];
    if (typeof value !== "string") return `${label(field)} must be a string.`;
    if (value.length > 255) return `${label(field)} should contain at most 255 characters.`;
  }
  if (present("employee_id") && !EMPLOYEE_ID.test(body.employee_id as string)) return `invalid character(s) in Employee ID ${body.employee_id as string}`;
  for (const field of ENUM_FIELDS.filter(present)) if (body[field] !== "yes" && body[field] !== "no") return `${label(field)} is invalid.`;
  for (const field of EMAIL_FIELDS.filter(present)) if (!EMAIL.test(body[field] as string)) return `${label(field)} is not a valid email address.`;
  for (const field of DATE_FIELDS.filter(present)) {
    if (typeof body[field] !== "string" || !isRealDate(body[field] as string)) return `The format of ${label(field)} is invalid.`;
  }
  return undefined;
}

/** POST /user: employee_id, names and username required; email too unless a personal_email is given. */
export function createProblem(body: Body): string | undefined {
  const required = ["employee_id", "first_name", "last_name", "username", ...(isBlank(body.personal_email) ? ["email"] : [])];
  return firstProblem(body, CREATE_FIELDS, required);
}

/** PUT /user/{id}: only what is sent is checked; a sent name or username may not be blank, nor may an e-mail be removed. */
export function updateProblem(body: Body, hadEmail: boolean): string | undefined {
  if (hadEmail && "email" in body && isBlank(body.email)) return "email cannot be removed";
  const required = ["first_name", "last_name", "username"].filter((field) => field in body);
  return firstProblem(body, UPDATE_FIELDS, required);
}
