import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "./scalars.js";

export enum BlockSubjectKind {
  USER_ID = "user_id",
  EMAIL = "email",
}
export enum BlockOutcome {
  BLOCKED = "blocked",
  ALREADY_BLOCKED = "already_blocked",
}
registerEnumType(BlockSubjectKind, { name: "BlockSubjectKind" });
registerEnumType(BlockOutcome, { name: "BlockOutcome" });

@ObjectType({ description: "A subject barred from every login flow" })
export class SubjectBlock {
  @Field(() => ID) id!: string;
  @Field(() => BlockSubjectKind) subjectKind!: BlockSubjectKind;
  @Field(() => String) subjectValue!: string;
  @Field(() => ID, { nullable: true }) userId!: string | null;
  @Field(() => String) reasonCode!: string;
  @Field(() => String) actorType!: string;
  @Field(() => String, { nullable: true }) actorId!: string | null;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType()
export class BlockResult {
  @Field(() => BlockOutcome) outcome!: BlockOutcome;
  @Field(() => SubjectBlock) block!: SubjectBlock;
  @Field(() => [ID], { description: "Sessions this block revoked, newest first" }) sessionIds!: string[];
}
