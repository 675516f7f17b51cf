import { IsNotEmpty, IsOptional, MaxLength } from "class-validator";
import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import { actorOf, allScopes, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { ApiKey, CreatedApiKey, DateTime } from "../types/index.js";

@InputType()
class CreateApiKeyInput {
  @Field(() => String) @IsNotEmpty({ message: "name must not be empty" }) @MaxLength(100) name!: string;
  @Field(() => [String], { description: `Any of: ${allScopes.join(", ")}` }) scopes!: string[];
  @Field(() => DateTime, { nullable: true }) @IsOptional() expiresAt?: Date | null;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: "Every API key, newest first (secrets are never returned)" })
  apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKey[]> {
    requireScope(ctx.principal, Scope.API_KEYS_WRITE);
    return ctx.services.apiKeys.list();
  }

  @Mutation(() => CreatedApiKey, { description: "The token is returned this once" })
  createApiKey(@Arg("input", () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    requireScope(ctx.principal, Scope.API_KEYS_WRITE);
    return ctx.services.apiKeys.create({ name: input.name, scopes: input.scopes, expiresAt: input.expiresAt }, actorOf(ctx.principal));
  }

  @Mutation(() => ApiKey)
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKey> {
    requireScope(ctx.principal, Scope.API_KEYS_WRITE);
    return ctx.services.apiKeys.revoke(id, actorOf(ctx.principal));
  }
}
