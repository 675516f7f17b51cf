import type { GraphUser } from "./documents/user-fragment.js";
import { maskEmail } from "./mask.js";

export interface UserJsonOptions {
  /** The IDP_NAME every `member` list ends with. */
  idpName: string;
  /** The request's `mask`; undefined when not given. Anything but `no` masks personal_email; `yes` also lists methods, masked. */
  mask?: string;
  /** The request's `fields`: a comma list of top-level fields to keep (unknown names are dropped). */
  fields?: string;
  /** POST /authentication shows the nag in force before the login moved it; elsewhere the user's own. */
  nag?: GraphUser["nag"];
  /** POST /authentication with a profile-review nag lists the recovery methods unmasked. */
  listMethods?: boolean;
}

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** The broker's timestamps: ISO 8601 to the second, in UTC (`2017-05-24T14:04:51Z`). */
export const brokerTime = (iso: string | null): string | null => (iso ? `${iso.slice(0, 19)}Z` : null);

const masked = (address: string) => maskEmail(address) ?? address;

function methodOptions(user: GraphUser, options: UserJsonOptions) {
  const show = options.mask === "yes" ? masked : options.listMethods ? (value: string) => value : undefined;
  if (!show) return [];
  return user.recoveryMethods.map((m) => ({ id: m.uid, value: show(m.value), verified: m.verified, created: brokerTime(m.createdAt) }));
}

/** The wire format of a user (reference §1, User::fields), in the deployed order. */
export function userJson(user: GraphUser, options: UserJsonOptions): Record<string, unknown> {
  const nag = options.nag ?? user.nag;
  const maskPersonal = options.mask !== undefined && options.mask !== "no";
  const json: Record<string, unknown> = {
    uuid: user.id,
    employee_id: user.employeeId,
    first_name: user.firstName,
    last_name: user.lastName,
    display_name: user.displayName || [user.firstName, user.lastName].filter(Boolean).join(" "),
    username: user.username,
    email: user.email || user.personalEmail || "",
    active: yesNo(user.active),
    locked: yesNo(user.locked),
    last_login_utc: brokerTime(user.lastLoginAt),
    created_utc: brokerTime(user.createdAt),
    deactivated_utc: brokerTime(user.deactivatedAt),
    manager_email: user.managerEmail,
    personal_email: user.personalEmail && maskPersonal ? masked(user.personalEmail) : user.personalEmail,
    hide: yesNo(user.hide),
    member: [...user.groups, options.idpName],
    mfa: {
      prompt: yesNo(user.mfa.prompt),
      add: yesNo(nag === "ADD_MFA"),
      active: yesNo(user.mfa.active),
      options: user.mfa.options.map((o) => ({
        id: o.id,
        type: o.type,
        label: o.label,
        created_utc: brokerTime(o.createdAt),
        last_used_utc: brokerTime(o.lastUsedAt),
        data: o.data,
      })),
    },
    method: { add: yesNo(nag === "ADD_METHOD"), options: methodOptions(user, options) },
    profile_review: yesNo(nag === "PROFILE_REVIEW"),
    require_mfa: yesNo(user.requireMfa),
  };
  if (user.password) json.password = { created_utc: brokerTime(user.password.createdAt), expires_on: brokerTime(user.password.expiresOn) };
  return selectFields(json, options.fields);
}

/** Yii's `fields` parameter: only the listed top-level fields; an empty list means all. */
function selectFields(json: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  const wanted = (fields ?? "").split(",").map((f) => f.trim()).filter(Boolean);
  if (wanted.length === 0) return json;
  return Object.fromEntries(Object.entries(json).filter(([key]) => wanted.includes(key)));
}
