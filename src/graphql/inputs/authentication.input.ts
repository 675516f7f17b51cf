import { IsOptional, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

@InputType({ description: "A password login (username or e-mail plus password) or an invite login (invite alone)" })
export class AuthenticateInput {
  @Field(() => String, { nullable: true, description: "Username or e-mail address" }) @IsOptional() @MaxLength(255) username?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1024) password?: string | null;
  @Field(() => String, { nullable: true, description: "An invite code; when given, username and password are ignored" }) @IsOptional() @MaxLength(255) invite?: string | null;
  @Field(() => String, { nullable: true, description: "The relying party's origin (for WebAuthn login options); must be one of RP_ORIGINS" })
  @IsOptional()
  @MaxLength(2048)
  rpOrigin?: string | null;
  @Field(() => String, { nullable: true, description: "Defaults to the default realm" }) @IsOptional() realm?: string | null;
}
