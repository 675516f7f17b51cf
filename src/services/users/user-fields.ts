/** The profile fields every contract reads or writes; one model covers them all. */
export interface UserProfile {
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  employeeId: string | null;
  active: boolean;
  locked: boolean;
  hide: boolean;
  managerEmail: string | null;
  personalEmail: string | null;
  groups: string[];
  locale: string | null;
  attributes: Record<string, unknown>;
  /** A second factor is asked at login even before one is set up (ID Broker require_mfa). */
  requireMfa: boolean;
  /** When a contingent account (one without an organisational e-mail) stops being active. */
  expiresOn: Date | null;
  nagForMfaAfter: Date;
  nagForMethodAfter: Date;
  reviewProfileAfter: Date;
}

export type NewUser = Pick<UserProfile, "username"> &
  Partial<Omit<UserProfile, "username">> & {
    /** E-mail an invite code; without an e-mail address the account is then contingent (four weeks). */
    invite?: boolean;
  };
export type UserPatch = Partial<UserProfile>;
