import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "./scalars.js";

export enum SessionKind {
  BROWSER = "browser",
  TOKEN = "token",
  DEVICE = "device",
}
export enum SessionStatus {
  ACTIVE = "active",
  REVOKED = "revoked",
}
export enum RevokeOutcome {
  REVOKED = "revoked",
  ALREADY_REVOKED = "already_revoked",
}
export enum RevokeAllOutcome {
  REVOKED = "revoked",
  NO_ACTIVE_SESSIONS = "no_active_sessions",
}
registerEnumType(SessionKind, { name: "SessionKind" });
registerEnumType(SessionStatus, { name: "SessionStatus" });
registerEnumType(RevokeOutcome, { name: "RevokeOutcome" });
registerEnumType(RevokeAllOutcome, { name: "RevokeAllOutcome" });

@ObjectType({ description: "A session of any kind: browser cookie, token/refresh, or device bound to an Ed25519 key" })
export class Session {
  @Field(() => ID) id!: string;
  @Field(() => ID) userId!: string;
  @Field(() => SessionKind) kind!: SessionKind;
  @Field(() => SessionStatus) status!: SessionStatus;
  @Field(() => String, { nullable: true }) clientId!: string | null;
  @Field(() => String, { nullable: true, description: "Standard base64 of the raw 32-byte Ed25519 key" }) clientPublicKey!: string | null;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) lastAccessAt!: Date;
  @Field(() => DateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String, { nullable: true }) userAgent!: string | null;
  @Field(() => DateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) revokeReasonCode!: string | null;
  @Field(() => String, { nullable: true }) revokeActorType!: string | null;
  @Field(() => String, { nullable: true }) revokeActorId!: string | null;
}

@ObjectType()
export class SessionPage {
  @Field(() => [Session]) nodes!: Session[];
  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last" }) endCursor!: string | null;
  @Field(() => Boolean) hasNextPage!: boolean;
}

@ObjectType()
export class RevokeSessionResult {
  @Field(() => RevokeOutcome) outcome!: RevokeOutcome;
  @Field(() => Session) session!: Session;
}

@ObjectType()
export class RevokeAllSessionsResult {
  @Field(() => RevokeAllOutcome) outcome!: RevokeAllOutcome;
  @Field(() => ID) userId!: string;
  @Field(() => [ID], { description: "The sessions this call revoked, newest first" }) sessionIds!: string[];
}
