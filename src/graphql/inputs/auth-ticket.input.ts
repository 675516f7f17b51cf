import { IsOptional, Matches, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

/** PostgreSQL text cannot hold NUL: values that reach a lookup must not carry one. */
const NoNul = () => Matches(/^[^\u0000]*$/, { message: "$property must not contain NUL characters" });

/** Both fields nullable on purpose: a missing one is answered by the login rules, like a wrong one. */
@InputType()
export class AuthTicketLoginInput {
  @Field(() => String, { nullable: true, description: "Username or e-mail of a user of the default realm" }) @IsOptional() @NoNul() @MaxLength(255) username?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1024) password?: string | null;
}

@InputType({ description: "An auth-service ticket as sent: each part `bearer <jwt>` or the bare JWT" })
export class AuthTicketInput {
  @Field(() => String, { nullable: true, description: "The Authentication header's value; without it only the refresh token is checked (who-am-i)" })
  @IsOptional()
  @MaxLength(8192)
  accessToken?: string | null;

  @Field(() => String, { nullable: true, description: "The refreshId cookie's value" }) @IsOptional() @MaxLength(8192) refreshToken?: string | null;
}
