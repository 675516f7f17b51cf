import { IsNotEmpty, IsOptional, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

@InputType({ description: "On whose behalf a trusted caller acts (recorded in audit and revoke columns)" })
export class ActorInput {
  @Field(() => String)
  @IsNotEmpty()
  @MaxLength(64)
  type!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(256)
  id?: string | null;
}
