import { Field, ID, Int, ObjectType } from "type-graphql";
import { JSONObject } from "./scalars.js";

@ObjectType({ description: "Tokens of a password or refresh grant (Keycloak's token response)" })
export class TokenSet {
  @Field(() => String, { description: "JWT, typ Bearer" }) accessToken!: string;
  @Field(() => Int, { description: "Seconds until the access token expires" }) expiresIn!: number;
  @Field(() => String, { description: "JWT, typ Refresh" }) refreshToken!: string;
  @Field(() => Int, { description: "Seconds until the refresh token expires" }) refreshExpiresIn!: number;
  @Field(() => String) tokenType!: string;
  @Field(() => String, { nullable: true, description: "Only when the scope has openid" }) idToken!: string | null;
  @Field(() => Int) notBeforePolicy!: number;
  @Field(() => ID, { description: "The session's id (Session.id)" }) sessionState!: string;
  @Field(() => String) scope!: string;
}

@ObjectType({ description: "OpenID Connect userinfo claims (snake_case on the REST endpoint); absent profile values are null" })
export class OidcUserInfo {
  @Field(() => ID) sub!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) givenName!: string | null;
  @Field(() => String, { nullable: true }) familyName!: string | null;
  @Field(() => String) preferredUsername!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => Boolean) emailVerified!: boolean;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field(() => String, { nullable: true, description: "passport or id (users.attributes.documentType)" }) documentType!: string | null;
  @Field(() => String, { nullable: true, description: "Document number (users.attributes.identifier)" }) identifier!: string | null;
}

@ObjectType({ description: "RFC 7662 token introspection" })
export class TokenIntrospection {
  @Field(() => Boolean) active!: boolean;
  @Field(() => JSONObject, { nullable: true, description: "The token's claims, when active" }) claims!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) clientId!: string | null;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String, { nullable: true, description: "Bearer or Refresh" }) tokenType!: string | null;
}

@ObjectType()
export class OidcLogoutResult {
  @Field(() => ID, { description: "The session the refresh token belonged to; now ended" }) sessionId!: string;
}
