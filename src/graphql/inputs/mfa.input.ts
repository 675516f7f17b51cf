import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, InputType, Int } from "type-graphql";

/** Whose factor: an employee id within a realm (the ID Broker's way) or a user id. */
@InputType()
export class MfaOwnerFields {
  @Field(() => String, { nullable: true, description: "The user's employee id" }) employeeId?: string | null;
  @Field(() => ID, { nullable: true, description: "Or the user's id" }) userId?: string | null;
  @Field(() => String, { nullable: true, description: "Realm of employeeId; defaults to the default realm" }) realm?: string | null;
}

@InputType()
export class CreateMfaInput extends MfaOwnerFields {
  @Field(() => String, { description: "backupcode, totp, webauthn, manager or recovery" }) type!: string;
  @Field(() => String, { nullable: true, description: "Blank or absent: the type's name" }) label?: string | null;
  @Field(() => String, { nullable: true, description: "type recovery: where the code goes" }) recoveryEmail?: string | null;
  @Field(() => String, { nullable: true, description: "The relying party's origin; must be one of RP_ORIGINS" }) rpOrigin?: string | null;
}

@InputType()
export class MfaRefInput extends MfaOwnerFields {
  @Field(() => Int) mfaId!: number;
  @Field(() => String, { nullable: true, description: "Must be one of RP_ORIGINS when given" }) rpOrigin?: string | null;
}

@InputType()
export class VerifyMfaInput extends MfaRefInput {
  @Field(() => GraphQLJSON, { nullable: true, description: "A code (non-digits are ignored) or a WebAuthn browser response (object or JSON text)" })
  value?: unknown;
  @Field(() => String, { nullable: true, description: "Empty for a plain verification; 'registration' finishes a WebAuthn enrolment" }) kind?: string | null;
  @Field(() => String, { nullable: true, description: "Label of a new WebAuthn key (default Security Key-N)" }) label?: string | null;
}

@InputType()
export class UpdateMfaLabelInput extends MfaRefInput {
  @Field(() => String, { nullable: true, description: "Absent: unchanged; blank: the type's name" }) label?: string | null;
}

@InputType()
export class WebauthnCredentialRefInput extends MfaRefInput {
  @Field(() => Int) credentialId!: number;
}

@InputType()
export class UpdateWebauthnCredentialInput extends WebauthnCredentialRefInput {
  @Field(() => String, { nullable: true, description: "Must not be blank" }) label?: string | null;
}
