import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "An OAuth client of a realm" })
export class Client {
  @Field(() => ID) id!: string;
  @Field(() => String) clientId!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => Boolean) public!: boolean;
  @Field(() => [String]) grants!: string[];
  @Field(() => [String]) redirectUris!: string[];
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => DateTime) createdAt!: Date;
  realmId!: string;
}

@ObjectType({ description: "A new client; the secret is shown this once" })
export class CreatedClient {
  @Field(() => Client) client!: Client;
  @Field(() => String, { nullable: true, description: "Null for public clients" }) secret!: string | null;
}
