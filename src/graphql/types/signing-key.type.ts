import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTime, JSONObject } from "./scalars.js";

export enum SigningKeyStatus {
  ACTIVE = "active",
  RETIRED = "retired",
}
registerEnumType(SigningKeyStatus, { name: "SigningKeyStatus", description: "active signs; retired only verifies, until verifyUntil" });

@ObjectType({ description: "A realm's token signing key; the private half never leaves the server" })
export class SigningKey {
  @Field(() => ID, { description: "The JWT kid" }) id!: string;
  @Field(() => String) algorithm!: string;
  @Field(() => SigningKeyStatus) status!: SigningKeyStatus;
  @Field(() => JSONObject, { description: "The public key as served by the JWKS endpoint" }) publicJwk!: Record<string, unknown>;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) retiredAt!: Date | null;
  @Field(() => DateTime, { nullable: true, description: "A retired key verifies until every token it signed has expired" }) verifyUntil!: Date | null;
}
