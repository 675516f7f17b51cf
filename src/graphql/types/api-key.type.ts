import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "A bearer key for machines; its secret is never stored" })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "The public part of the key, to recognise it" }) prefix!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => DateTime, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType({ description: "A new API key; the token is shown this once" })
export class CreatedApiKey {
  @Field(() => ApiKey) key!: ApiKey;
  @Field(() => String) token!: string;
}
