import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "A new auth-service ticket: an access token and the refresh token of the refreshId cookie" })
export class AuthTicket {
  @Field(() => Int, { description: "The auth-service userId: User.numericId" }) userId!: number;
  @Field(() => ID, { description: "The browser session (Session.id)" }) sessionId!: string;
  @Field(() => String, { description: "JWT {userId, sessionId, iat, exp, iss}, 10 minutes, RS256 with the default realm's published key" }) accessToken!: string;
  @Field(() => String, { description: "JWT {sessionId, userId, iat, exp}, signed with a key only the server holds; the refreshId cookie carries it" }) refreshToken!: string;
  @Field(() => DateTime, { description: "When the session, and its refresh token, end unless ended before" }) sessionExpiresAt!: Date;
}

@ObjectType({ description: "A ticket that stands: whose it is, and a fresh access token when one is due" })
export class AuthTicketCheck {
  @Field(() => Int, { description: "The auth-service userId: User.numericId" }) userId!: number;
  @Field(() => ID) sessionId!: string;
  @Field(() => String, { nullable: true, description: "A fresh access token (JWT)" }) accessToken!: string | null;
}
