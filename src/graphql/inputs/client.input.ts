import { ArrayMaxSize, IsIn, IsOptional, IsUrl, Matches, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { GRANT_TYPES } from "#src/services/clients/index.js";

@InputType()
export class CreateClientInput {
  @Field(() => String, { nullable: true, description: "Defaults to the default realm" })
  @IsOptional()
  realm?: string | null;

  @Field(() => String)
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, { message: "clientId must be 1-128 letters, digits or . _ : -" })
  clientId!: string;

  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) name?: string | null;

  @Field(() => Boolean, { description: "Public clients have no secret" })
  public!: boolean;

  @Field(() => [String], { description: `Any of: ${GRANT_TYPES.join(", ")}` })
  @IsIn(GRANT_TYPES, { each: true, message: `each grant must be one of: ${GRANT_TYPES.join(", ")}` })
  @ArrayMaxSize(GRANT_TYPES.length)
  grants!: string[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsUrl({ require_tld: false, require_protocol: true }, { each: true, message: "each redirect URI must be an absolute URL" })
  redirectUris?: string[] | null;
}
