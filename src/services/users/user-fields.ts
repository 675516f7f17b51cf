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
}

export type NewUser = Pick<UserProfile, "username"> & Partial<Omit<UserProfile, "username">>;
export type UserPatch = Partial<UserProfile>;
