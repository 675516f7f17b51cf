import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { Realm } from "../types/realm.type.js";
import { SigningKey } from "../types/signing-key.type.js";

@Resolver(() => Realm)
export class SigningKeyResolver {
  @FieldResolver(() => [SigningKey], { description: "Newest first; generated on first use" })
  signingKeys(@Root() realm: Realm, @Ctx() ctx: GraphQLContext): Promise<SigningKey[]> {
    requireScope(ctx.principal, Scope.REALMS_READ);
    return ctx.services.oidc.signingKeys(realm.id) as Promise<SigningKey[]>;
  }

  @Mutation(() => [SigningKey], { description: "A new active key; the old one verifies until its tokens expire. Returns the realm's keys, newest first" })
  rotateSigningKeys(@Arg("realm", () => String) realm: string, @Ctx() ctx: GraphQLContext): Promise<SigningKey[]> {
    requireScope(ctx.principal, Scope.REALMS_WRITE);
    return ctx.services.oidc.rotateSigningKeys(realm, actorOf(ctx.principal)) as Promise<SigningKey[]>;
  }
}
