import { IsEmail, IsOptional, Matches, MaxLength } from "class-validator";
import { Args, ArgsType, Ctx, Field, ID, Mutation, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context/index.js";
import { DeviceLogin, DeviceLoginChallenge, Session } from "../types/index.js";

@ArgsType()
class StartDeviceLoginArgs {
  @Field(() => String) @IsEmail({}, { message: "email must be a valid e-mail address" }) @MaxLength(254) email!: string;
  @Field(() => String, { nullable: true, description: "Defaults to the default realm" }) @IsOptional() realm?: string | null;
}

@ArgsType()
class CompleteDeviceLoginArgs {
  @Field(() => ID) challengeId!: string;
  @Field(() => String) @Matches(/^\d{6}$/, { message: "code must be the 6 digits of the e-mail" }) code!: string;
  @Field(() => String, { description: "Standard base64 of the raw 32-byte Ed25519 public key" }) clientPublicKey!: string;
}

/** The public login flow that opens device sessions; open to anonymous callers by design. */
@Resolver()
export class DeviceLoginResolver {
  @Mutation(() => DeviceLoginChallenge, { description: "E-mails a one-time code; a blocked subject is refused" })
  async startDeviceLogin(@Args(() => StartDeviceLoginArgs) args: StartDeviceLoginArgs, @Ctx() ctx: GraphQLContext): Promise<DeviceLoginChallenge> {
    const realm = await ctx.services.realms.require(args.realm ?? ctx.defaultRealm);
    return ctx.services.deviceSessions.startLogin(realm.id, args.email);
  }

  @Mutation(() => DeviceLogin, { description: "Checks the code and opens a device session bound to the key" })
  async completeDeviceLogin(@Args(() => CompleteDeviceLoginArgs) args: CompleteDeviceLoginArgs, @Ctx() ctx: GraphQLContext): Promise<DeviceLogin> {
    const session = await ctx.services.deviceSessions.completeLogin({ ...args, ip: ctx.client.ip, userAgent: ctx.client.userAgent });
    return { deviceSessionId: session.id, session: session as Session };
  }
}
