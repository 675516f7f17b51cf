import { IsEmail, IsNotEmpty, IsOptional, MaxLength } from "class-validator";
import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import { requireScope, Scope } from "#src/services/access/index.js";
import type { BlockSubject } from "#src/services/blocks/index.js";
import { DomainError, ErrorCode } from "#src/services/errors/index.js";
import type { GraphQLContext } from "../context/index.js";
import { ActorInput } from "../inputs/index.js";
import { BlockOutcome, BlockResult, SubjectBlock } from "../types/index.js";
import { actingAs } from "./actor.js";

@InputType({ description: "Exactly one of userId or email" })
class BlockSubjectInput {
  @Field(() => ID, { nullable: true }) @IsOptional() userId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsEmail({}, { message: "email must be a valid e-mail address" }) email?: string | null;
  @Field(() => String, { nullable: true, description: "Realm of an e-mail subject; defaults to the default realm" }) @IsOptional() realm?: string | null;
  @Field(() => String) @IsNotEmpty({ message: "reasonCode must not be empty" }) @MaxLength(128) reasonCode!: string;
  @Field(() => ActorInput, { nullable: true }) @IsOptional() actor?: ActorInput | null;
}

@Resolver(() => SubjectBlock)
export class BlockResolver {
  @Query(() => [SubjectBlock], { description: "Blocks, newest first, of a realm or of one user" })
  async blocks(
    @Ctx() ctx: GraphQLContext,
    @Arg("realm", () => String, { nullable: true }) realmName?: string | null,
    @Arg("userId", () => ID, { nullable: true }) userId?: string | null,
  ): Promise<SubjectBlock[]> {
    requireScope(ctx.principal, Scope.BLOCKS_READ);
    const realm = userId ? undefined : await ctx.services.realms.require(realmName ?? ctx.defaultRealm);
    return (await ctx.services.blocks.list({ realmId: realm?.id, userId: userId ?? undefined })) as SubjectBlock[];
  }

  @Mutation(() => BlockResult, { description: "Bars the subject from every login and revokes its active sessions; idempotent" })
  async blockSubject(@Arg("input", () => BlockSubjectInput) input: BlockSubjectInput, @Ctx() ctx: GraphQLContext): Promise<BlockResult> {
    const actor = actingAs(ctx.principal, input.actor);
    requireScope(ctx.principal, Scope.BLOCKS_WRITE);
    if (!input.userId === !input.email) {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, "exactly one of userId or email is required", { field: "userId" });
    }
    const subject: BlockSubject = input.userId
      ? { kind: "user_id", userId: input.userId }
      : { kind: "email", email: input.email!, realmId: (await ctx.services.realms.require(input.realm ?? ctx.defaultRealm)).id };
    const result = await ctx.services.blocks.block(subject, input.reasonCode, actor);
    return { outcome: result.outcome as BlockOutcome, block: result.block as SubjectBlock, sessionIds: result.sessionIds };
  }

  @Mutation(() => SubjectBlock, { description: "Lifts a block; the subject may log in again" })
  async removeBlock(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext, @Arg("actor", () => ActorInput, { nullable: true }) explicit?: ActorInput | null): Promise<SubjectBlock> {
    const actor = actingAs(ctx.principal, explicit);
    requireScope(ctx.principal, Scope.BLOCKS_WRITE);
    return (await ctx.services.blocks.remove(id, actor)) as SubjectBlock;
  }
}


