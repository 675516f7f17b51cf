import { Field, InputType } from "type-graphql";
import { MfaOwnerFields } from "./mfa.input.js";

@InputType()
export class CreateRecoveryMethodInput extends MfaOwnerFields {
  @Field(() => String, { nullable: true, description: "An e-mail address; stored lower-cased" }) value?: string | null;
}

@InputType()
export class RecoveryMethodRefInput extends MfaOwnerFields {
  @Field(() => String) uid!: string;
}
