import { Field, ID, ObjectType } from "type-graphql";
import { DateTime, JSONObject } from "./scalars.js";

@ObjectType({ description: "Who did what to whom" })
export class AuditEvent {
  @Field(() => ID) id!: string;
  @Field(() => DateTime) occurredAt!: Date;
  @Field(() => String) action!: string;
  @Field(() => String) actorType!: string;
  @Field(() => String, { nullable: true }) actorId!: string | null;
  @Field(() => String, { nullable: true }) reasonCode!: string | null;
  @Field(() => String) subjectType!: string;
  @Field(() => String) subjectId!: string;
  @Field(() => JSONObject) changes!: Record<string, unknown>;
}
