import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { AuthenticateInput } from "../inputs/authentication.input.js";
import { AuthenticationResult } from "../types/user-account.type.js";

@Resolver()
export class AuthenticationResolver {
  @Mutation(() => AuthenticationResult, {
    description:
      "Checks a password (or an invite) as the ID Broker does: every refusal is INVALID_CREDENTIALS, in the same time, " +
      "except while brute-force detection makes the account or the address wait (error TOO_MANY_FAILURES, the password unchecked); " +
      "an expired invite is renewed and e-mailed again (INVITE_EXPIRED); a successful login moves its nag one interval out",
  })
  async authenticate(@Arg("input", () => AuthenticateInput) input: AuthenticateInput, @Ctx() ctx: GraphQLContext): Promise<AuthenticationResult> {
    requireScope(ctx.principal, Scope.ID_BROKER);
    const realm = await ctx.services.realms.require(input.realm ?? ctx.defaultRealm);
    const result = await ctx.services.authentication.authenticate(
      { realmId: realm.id, username: input.username ?? undefined, password: input.password ?? undefined, invite: input.invite ?? undefined, rpOrigin: input.rpOrigin ?? undefined, ip: ctx.client.ip },
      actorOf(ctx.principal),
    );
    if (result.outcome !== "authenticated") return { outcome: result.outcome, user: null, nag: null };
    ctx.loaders.userById.prime(result.user.id, result.user);
    return { outcome: result.outcome, user: result.user, nag: result.nag };
  }
}
