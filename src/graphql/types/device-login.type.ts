import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";
import { Session } from "./session.type.js";

@ObjectType({ description: "A sign-in code was e-mailed (when the address belongs to a user)" })
export class DeviceLoginChallenge {
  @Field(() => ID) challengeId!: string;
  @Field(() => DateTime) expiresAt!: Date;
}

@ObjectType({ description: "A device session bound to the client's Ed25519 key" })
export class DeviceLogin {
  @Field(() => ID, { description: "The Galaxy device_session_id; also the keyid of signed requests" }) deviceSessionId!: string;
  @Field(() => Session) session!: Session;
}
