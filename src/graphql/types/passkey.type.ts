import { Field, ID, Int, ObjectType } from "type-graphql";
import { Org, Role } from "./org.type.js";
import { DateTime } from "./scalars.js";
import { User } from "./user.type.js";

@ObjectType({ description: "A passkey: a primary sign-in credential (apart from the ID Broker's WebAuthn second factors)" })
export class Passkey {
  @Field(() => ID, { description: "The credential's UUID (the passkey contract's credential_uuid)" }) id!: string;
  @Field(() => String, { description: "base64url credential id, as the authenticator reports it" }) credentialId!: string;
  @Field(() => String) aaguid!: string;
  @Field(() => Int) signCount!: number;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => DateTime, { nullable: true, description: "Last sign-in with user verification" }) lastVerifiedAt!: Date | null;
}

@ObjectType({ description: "A live browser session opened with a passkey" })
export class PasskeySession {
  @Field(() => ID, { description: "The graph's Session.id" }) id!: string;
  @Field(() => String, { nullable: true, description: "The host it is bound to; null until first used" }) host!: string | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => DateTime) lastRenewed!: Date;
  @Field(() => DateTime) expiresAt!: Date;
  @Field(() => ID, { nullable: true, description: "The passkey that opened it" }) credentialId!: string | null;
}

@ObjectType({ description: "A passkey user's account: who they are, what they may do, their passkeys and sessions" })
export class PasskeyAccount {
  @Field(() => User) user!: User;
  @Field(() => Org, { nullable: true }) org!: Org | null;
  @Field(() => Role, { nullable: true }) role!: Role | null;
  @Field(() => [String], { description: "The role's permissions, sorted" }) permissions!: string[];
  @Field(() => Boolean) isGlobalAdmin!: boolean;
  @Field(() => Boolean) isOrgAdmin!: boolean;
  @Field(() => Int, { description: "Passkey sign-ins, as far back as sessions are kept" }) visits!: number;
  @Field(() => [Passkey]) credentials!: Passkey[];
  @Field(() => [PasskeySession]) sessions!: PasskeySession[];
  @Field(() => ID, { nullable: true, description: "The caller's own session, when the caller is this user" }) currentSessionId!: string | null;
}

@ObjectType({ description: "What a reset or device-addition link is for" })
export class PasskeyResetLinkInfo {
  @Field(() => String, { description: "device addition, user registration or account recovery" }) kind!: string;
  @Field(() => ID) userId!: string;
  @Field(() => String) userName!: string;
}

@ObjectType({ description: "A new reset or device-addition link; the passphrase is shown once" })
export class PasskeyLink {
  @Field(() => String) url!: string;
  @Field(() => String, { description: "Five dot-separated words" }) passphrase!: string;
  @Field(() => String) kind!: string;
  @Field(() => DateTime) expiresAt!: Date;
}

@ObjectType()
export class EndPasskeySessionResult {
  @Field(() => Boolean) currentSessionTerminated!: boolean;
}

@ObjectType({ description: "A finished passkey ceremony: the session opened, and for a registration the new passkey" })
export class PasskeyCeremonyResult {
  @Field(() => ID) userId!: string;
  @Field(() => ID, { nullable: true, description: "The new passkey (registrations only)" }) credentialId!: string | null;
  @Field(() => String, { description: "The session's 16-character token, for POST /auth/api/set-session" }) sessionToken!: string;
}

@ObjectType()
export class RenewPasskeySessionResult {
  @Field(() => Boolean) renewed!: boolean;
  @Field(() => DateTime, { nullable: true, description: "The new expiry, when renewed" }) expiresAt!: Date | null;
}
