import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "A realm: an isolated set of users, clients and sessions" })
export class Realm {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Int, { description: "Seconds an access token lives" }) accessTokenLifespan!: number;
  @Field(() => Int, { description: "Seconds a session may sit idle" }) ssoSessionIdleTimeout!: number;
  @Field(() => Int, { description: "Seconds a session may live at most" }) ssoSessionMaxLifespan!: number;
  @Field(() => Boolean) revokeRefreshToken!: boolean;
  @Field(() => Int) refreshTokenMaxReuse!: number;
  @Field(() => DateTime) createdAt!: Date;
}
