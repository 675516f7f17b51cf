import { GraphQLJSON } from "graphql-scalars";
import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "./scalars.js";

export enum MfaScenario {
  LIST = "LIST",
  AUTHENTICATE = "AUTHENTICATE",
  INVITE = "INVITE",
}

registerEnumType(MfaScenario, {
  name: "MfaScenario",
  description: "Who looks at a user's MFA: a read (LIST), a password login (AUTHENTICATE: login data and WebAuthn challenges per option) or a login by invite",
});

@ObjectType({ description: "One second factor of a user" })
export class MfaOption {
  @Field(() => Int) id!: number;
  @Field(() => String, { description: "backupcode, totp, webauthn, manager or recovery" }) type!: string;
  @Field(() => String) label!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "In the ID Broker's shape: {count} of codes left, the WebAuthn keys, or at a login a WebAuthn {publicKey} assertion request",
  })
  data!: unknown;
}

@ObjectType({ description: "A user's second factors as a login or a listing sees them" })
export class MfaSummary {
  @Field(() => Boolean, { description: "A password login must ask for a second factor" }) prompt!: boolean;
  @Field(() => Boolean, { description: "At least one verified option is shown" }) active!: boolean;
  @Field(() => [MfaOption]) options!: MfaOption[];
}

@ObjectType({ description: "What enrolling a second factor returns" })
export class MfaCreation {
  @Field(() => Int) id!: number;
  @Field(() => GraphQLJSON, {
    description: "backupcode: the ten codes (shown once); totp: {totpKey, otpAuthUrl, imageUrl}; webauthn: {publicKey} creation options; manager, recovery: []",
  })
  data!: unknown;
}

@ObjectType({ description: "A security key of a WebAuthn MFA" })
export class WebauthnCredential {
  @Field(() => Int) id!: number;
  @Field(() => Int) mfaId!: number;
  @Field(() => String, { description: "base64url SHA-256 of the credential id" }) keyHandleHash!: string;
  @Field(() => String) label!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) lastUsedAt!: Date | null;
}
