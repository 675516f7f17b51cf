import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime, JSONObject } from "./scalars.js";

@ObjectType({ description: "A user; `id` is the same value in every contract" })
export class User {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: "Stable numeric alias (the auth-service userId)" }) numericId!: number;
  @Field(() => String) username!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => Boolean) emailVerified!: boolean;
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true }) employeeId!: string | null;
  @Field(() => Boolean) active!: boolean;
  @Field(() => Boolean) locked!: boolean;
  @Field(() => Boolean) hide!: boolean;
  @Field(() => String, { nullable: true }) managerEmail!: string | null;
  @Field(() => String, { nullable: true }) personalEmail!: string | null;
  @Field(() => [String]) groups!: string[];
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field(() => JSONObject) attributes!: Record<string, unknown>;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;
  @Field(() => DateTime, { nullable: true }) lastLoginAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) deactivatedAt!: Date | null;
  @Field(() => Boolean, { description: "A second factor is asked at login even before one is set up" }) requireMfa!: boolean;
  @Field(() => DateTime, { nullable: true, description: "When a contingent account (no organisational e-mail) stops being active" }) expiresOn!: Date | null;
  @Field(() => DateTime, { description: "After this day a login without a verified second factor reminds the user to add one" }) nagForMfaAfter!: Date;
  @Field(() => DateTime, { description: "After this day a login without a verified recovery method reminds the user to add one" }) nagForMethodAfter!: Date;
  @Field(() => DateTime, { description: "After this day a login asks the user to review their profile" }) reviewProfileAfter!: Date;
  realmId!: string;
}

@ObjectType()
export class UserPage {
  @Field(() => [User]) nodes!: User[];
  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last" }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}
