import { IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: "1 to 100" })
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page" })
  @IsOptional()
  after?: string | null;
}
