import { IsOptional, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, InputType, Int } from "type-graphql";

@InputType()
export class RealmSettingsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) displayName?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() enabled?: boolean;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(10) @Max(86_400) accessTokenLifespan?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(60) @Max(31_536_000) ssoSessionIdleTimeout?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(60) @Max(31_536_000) ssoSessionMaxLifespan?: number;
  @Field(() => Boolean, { nullable: true }) @IsOptional() revokeRefreshToken?: boolean;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(0) @Max(1000) refreshTokenMaxReuse?: number;
}

@InputType()
export class CreateRealmInput extends RealmSettingsInput {
  @Field(() => String)
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: "name must be 1-64 letters, digits, '_' or '-'" })
  name!: string;
}
