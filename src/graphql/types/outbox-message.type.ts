import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "An e-mail the server wrote (and sent, when SMTP is configured)" })
export class OutboxMessage {
  @Field(() => ID) id!: string;
  @Field(() => String) to!: string;
  @Field(() => String) subject!: string;
  @Field(() => String) text!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) sentAt!: Date | null;
}
