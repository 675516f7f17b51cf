/** Codes of the org, role and permission rules, beside the shared ones in errors/codes.ts. */
export const OrgErrorCode = {
  ORG_NOT_FOUND: "ORG_NOT_FOUND",
  ROLE_NOT_FOUND: "ROLE_NOT_FOUND",
  PERMISSION_NOT_FOUND: "PERMISSION_NOT_FOUND",
  PERMISSION_EXISTS: "PERMISSION_EXISTS",
  /** A rule of the model refused the change (the master permission, a role in use, demoting oneself). */
  ORG_RULE: "ORG_RULE",
} as const;

export type OrgErrorCode = (typeof OrgErrorCode)[keyof typeof OrgErrorCode];
