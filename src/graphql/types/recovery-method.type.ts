import { Field, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "An e-mail address the user can recover the account with" })
export class RecoveryMethod {
  @Field(() => String, { description: "32 characters of [A-Za-z0-9_-]" }) uid!: string;
  @Field(() => String, { description: "The address, lower-cased" }) value!: string;
  @Field(() => Boolean) verified!: boolean;
  @Field(() => DateTime) createdAt!: Date;
}
