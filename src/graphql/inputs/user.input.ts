import { ArrayMaxSize, IsEmail, IsNotEmpty, IsObject, IsOptional, Matches, MaxLength } from "class-validator";
import { Field, InputType } from "type-graphql";
import { DateTime, JSONObject } from "../types/scalars.js";

/** Fields both create and update take; every one optional here. */
@InputType()
class UserFieldsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: "email must be a valid e-mail address" }) @MaxLength(254) email?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() emailVerified?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) firstName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) lastName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) displayName?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,255}$/, { message: "employeeId must be 1-255 letters, digits or . _ -" })
  employeeId?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() active?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() locked?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsOptional() hide?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: "managerEmail must be a valid e-mail address" }) managerEmail?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: "personalEmail must be a valid e-mail address" }) personalEmail?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @ArrayMaxSize(100) @MaxLength(100, { each: true }) groups?: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, { message: "locale must be a language tag such as en or pt-BR" }) locale?: string | null;
  @Field(() => JSONObject, { nullable: true }) @IsOptional() @IsObject() attributes?: Record<string, unknown>;
  @Field(() => Boolean, { nullable: true, description: "Ask for a second factor at login even before one is set up" }) @IsOptional() requireMfa?: boolean;
}

@InputType()
export class CreateUserInput extends UserFieldsInput {
  @Field(() => String, { nullable: true, description: "Defaults to the default realm" })
  @IsOptional()
  realm?: string | null;

  @Field(() => Boolean, { nullable: true, description: "E-mail an invite code (valid one month); a user invited without an e-mail is contingent" })
  @IsOptional()
  invite?: boolean;

  @Field(() => DateTime, { nullable: true, description: "When a contingent account stops being active (ignored when the user has an e-mail); invited: four weeks" })
  @IsOptional()
  expiresOn?: Date | null;

  @Field(() => DateTime, { nullable: true, description: "Defaults to 30 days from today" }) @IsOptional() nagForMfaAfter?: Date;
  @Field(() => DateTime, { nullable: true, description: "Defaults to 6 months from today" }) @IsOptional() nagForMethodAfter?: Date;
  @Field(() => DateTime, { nullable: true, description: "Defaults to 6 months from today" }) @IsOptional() reviewProfileAfter?: Date;

  @Field(() => String)
  @IsNotEmpty({ message: "username must not be empty" })
  @Matches(/^[^\s@][^\s]{0,99}$/, { message: "username must be 1-100 characters without spaces, not starting with @" })
  username!: string;
}

@InputType()
export class UpdateUserInput extends UserFieldsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[^\s@][^\s]{0,99}$/, { message: "username must be 1-100 characters without spaces, not starting with @" })
  username?: string;
}
