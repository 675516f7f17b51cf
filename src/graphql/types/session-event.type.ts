import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "./scalars.js";

export enum SessionEventType {
  CREATED = "created",
  REFRESHED = "refreshed",
  REVOKED = "revoked",
  BLOCKED = "blocked",
}
registerEnumType(SessionEventType, { name: "SessionEventType", valuesConfig: { BLOCKED: { description: "Ended because its subject was blocked" } } });

@ObjectType({ description: "A change in a session's life, written in the transaction of the change. Revoked and blocked events are logout events." })
export class SessionEvent {
  @Field(() => ID, { description: "Unique, taken in write order; events arrive in the order their transactions became final, so ids of concurrent changes may arrive out of numeric order" })
  id!: string;
  @Field(() => SessionEventType) type!: SessionEventType;
  @Field(() => ID) sessionId!: string;
  @Field(() => ID) userId!: string;
  @Field(() => String, { nullable: true }) reasonCode!: string | null;
  @Field(() => String) actorType!: string;
  @Field(() => String, { nullable: true }) actorId!: string | null;
  @Field(() => DateTime) occurredAt!: Date;
}

@ObjectType({ description: "An HTTP endpoint that receives session events, signed per the Standard Webhooks spec" })
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => String) url!: string;
  @Field(() => [SessionEventType]) eventTypes!: SessionEventType[];
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => Int, { description: "Failed attempts in a row at the next event" }) attempts!: number;
  @Field(() => DateTime) nextAttemptAt!: Date;
  @Field(() => String, { nullable: true, description: "Why the last attempt failed (never the receiver's answer)" }) lastError!: string | null;
  @Field(() => DateTime, { nullable: true, description: "Set after too many failures in a row: no longer delivered" }) disabledAt!: Date | null;
}

@ObjectType()
export class CreatedWebhook {
  @Field(() => Webhook) webhook!: Webhook;
  @Field(() => String, { description: "The signing secret (whsec_…), returned this once" }) secret!: string;
}
