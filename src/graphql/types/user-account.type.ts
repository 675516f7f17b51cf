import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "./scalars.js";
import { User } from "./user.type.js";

/** GraphQL names to the services' values. */
export const NagStateValue = { NONE: "none", ADD_MFA: "add_mfa", ADD_METHOD: "add_method", PROFILE_REVIEW: "profile_review" } as const;
registerEnumType(NagStateValue, {
  name: "NagState",
  description: "What the next login reminds the user of: at most one, in this order of priority (ADD_MFA first)",
});

export const AuthenticationOutcomeValue = {
  AUTHENTICATED: "authenticated",
  INVALID_CREDENTIALS: "invalid_credentials",
  INVITE_EXPIRED: "invite_expired",
} as const;
registerEnumType(AuthenticationOutcomeValue, {
  name: "AuthenticationOutcome",
  description: "INVALID_CREDENTIALS covers every refusal alike (unknown user, wrong or expired password, inactive, locked, blocked)",
});

@ObjectType({ description: "The current password's dates; expiry and grace move out four years while the user has a verified second factor" })
export class PasswordInfo {
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { description: "Logins still work until graceEndsOn" }) expiresOn!: Date;
  @Field(() => DateTime) graceEndsOn!: Date;
}

@ObjectType({ description: "A pending invite: its code (sent by e-mail, never shown) signs the user in once to set a password" })
export class Invite {
  @Field(() => ID) userId!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { description: "After this instant the code is renewed and e-mailed again on use" }) expiresAt!: Date;
}

@ObjectType()
export class AuthenticationResult {
  @Field(() => AuthenticationOutcomeValue) outcome!: (typeof AuthenticationOutcomeValue)[keyof typeof AuthenticationOutcomeValue];
  @Field(() => User, { nullable: true, description: "The signed-in user, when AUTHENTICATED" }) user!: User | null;
  @Field(() => NagStateValue, { nullable: true, description: "The nag this login shows (its date has since moved one interval out)" })
  nag!: (typeof NagStateValue)[keyof typeof NagStateValue] | null;
}
