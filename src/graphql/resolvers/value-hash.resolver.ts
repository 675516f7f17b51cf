import { MaxLength } from "class-validator";
import { Args, ArgsType, Ctx, Field, Query, Resolver } from "type-graphql";
import { requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";

@ArgsType()
class HashValueArgs {
  @Field(() => String) @MaxLength(4096) value!: string;
}

@ArgsType()
class MatchHashArgs extends HashValueArgs {
  @Field(() => String, { description: "An encoded argon2 hash, or the legacy 152-character salted SHA-512 form" }) @MaxLength(4096) hash!: string;
}

/**
 * Hashes other services store (the auth-service's hash and is-equals). Trusted callers only: each
 * call costs an argon2id computation, which nobody outside may spend at will.
 */
@Resolver()
export class ValueHashResolver {
  @Query(() => String, { description: "argon2id of the value, salt inside the encoded form; the empty value has the empty hash" })
  hashValue(@Args(() => HashValueArgs) args: HashValueArgs, @Ctx() ctx: GraphQLContext): Promise<string> {
    requireScope(ctx.principal, Scope.ADMIN);
    return ctx.services.valueHashes.hash(args.value);
  }

  @Query(() => Boolean, { description: "Whether the value gives the hash, compared in constant time; false for empty or malformed input" })
  valueMatchesHash(@Args(() => MatchHashArgs) args: MatchHashArgs, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    requireScope(ctx.principal, Scope.ADMIN);
    return ctx.services.valueHashes.matches(args.value, args.hash);
  }
}
