import { IsOptional, Matches, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";

/** PostgreSQL text cannot hold NUL: values that reach a lookup must not carry one. */
const NoNul = () => Matches(/^[^\u0000]*$/, { message: "$property must not contain NUL characters" });

/**
 * How a client authenticates to the realm protocol. Fields the protocol requires are nullable
 * here on purpose: their absence is answered by the rules, in Keycloak's order of checks.
 */
@InputType()
export class ClientCredentialsInput {
  @Field(() => String, { nullable: true, description: "Defaults to the default realm" }) @IsOptional() @NoNul() realm?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @NoNul() @MaxLength(128) clientId?: string | null;
  @Field(() => String, { nullable: true, description: "Confidential clients only" }) @IsOptional() @MaxLength(512) clientSecret?: string | null;
}

@InputType()
export class PasswordGrantInput extends ClientCredentialsInput {
  @Field(() => String, { nullable: true, description: "Username or e-mail" }) @IsOptional() @NoNul() @MaxLength(255) username?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(1024) password?: string | null;
  @Field(() => String, { nullable: true, description: "Space-separated; openid gives an ID token and userinfo" }) @IsOptional() @MaxLength(1024) scope?: string | null;
}

@InputType()
export class RefreshGrantInput extends ClientCredentialsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(8192) refreshToken?: string | null;
  @Field(() => String, { nullable: true, description: "May narrow the granted scope, never widen it" }) @IsOptional() @MaxLength(1024) scope?: string | null;
}

@InputType()
export class OidcLogoutInput extends ClientCredentialsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(8192) refreshToken?: string | null;
}

@InputType({ description: "A token to introspect (RFC 7662) or revoke (RFC 7009)" })
export class TokenInput extends ClientCredentialsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(8192) token?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(64) tokenTypeHint?: string | null;
}
