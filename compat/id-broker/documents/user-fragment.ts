import type { GraphMfa } from "../mfa-json.js";

/**
 * Everything the broker's user JSON shows, in one fragment. Documents that spread it declare
 * `$mfaScenario: MfaScenario = LIST` and `$rpOrigin: String` (POST /authentication sets them).
 */
export const brokerUserFragment = `
  fragment BrokerUser on User {
    id employeeId firstName lastName displayName username email personalEmail managerEmail
    active locked hide requireMfa groups lastLoginAt createdAt deactivatedAt nag
    password { createdAt expiresOn }
    mfa(scenario: $mfaScenario, rpOrigin: $rpOrigin) { prompt active options { id type label createdAt lastUsedAt data } }
    recoveryMethods(verifiedOnly: true) { uid value verified createdAt }
  }`;

export const userVariables = `$mfaScenario: MfaScenario = LIST, $rpOrigin: String`;

export type GraphNag = "NONE" | "ADD_MFA" | "ADD_METHOD" | "PROFILE_REVIEW";

export interface GraphUser {
  id: string;
  employeeId: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  username: string;
  email: string | null;
  personalEmail: string | null;
  managerEmail: string | null;
  active: boolean;
  locked: boolean;
  hide: boolean;
  requireMfa: boolean;
  groups: string[];
  lastLoginAt: string | null;
  createdAt: string;
  deactivatedAt: string | null;
  nag: GraphNag;
  password: { createdAt: string; expiresOn: string } | null;
  mfa: { prompt: boolean; active: boolean; options: GraphMfa[] };
  recoveryMethods: { uid: string; value: string; verified: boolean; createdAt: string }[];
}
