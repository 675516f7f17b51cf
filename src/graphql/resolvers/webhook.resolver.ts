import { ArrayMaxSize, ArrayMinSize, IsNotEmpty, MaxLength } from "class-validator";
import { Arg, Ctx, Field, ID, InputType, Mutation, Query, Resolver } from "type-graphql";
import { actorOf, requireScope, Scope } from "#src/services/access/index.js";
import type { GraphQLContext } from "../context/index.js";
import { CreatedWebhook, SessionEventType, Webhook } from "../types/index.js";

@InputType()
class CreateWebhookInput {
  @Field(() => String, { description: "An absolute http(s) URL that receives a POST per event" })
  @IsNotEmpty({ message: "url must not be empty" })
  @MaxLength(2048)
  url!: string;

  @Field(() => [SessionEventType], { description: "The event types it receives" })
  @ArrayMinSize(1, { message: "eventTypes must name at least one type" })
  @ArrayMaxSize(4)
  eventTypes!: SessionEventType[];
}

/** Webhooks receive every user's session events: admins only (ADMIN_API_KEY or a key with the admin scope). */
@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], { description: "Every webhook, oldest first (secrets are never returned)" })
  async webhooks(@Ctx() ctx: GraphQLContext): Promise<Webhook[]> {
    requireScope(ctx.principal, Scope.ADMIN);
    return (await ctx.services.webhooks.list()) as Webhook[];
  }

  @Mutation(() => CreatedWebhook, { description: "The signing secret is returned this once; deliveries start with the events after it" })
  async createWebhook(@Arg("input", () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: GraphQLContext): Promise<CreatedWebhook> {
    requireScope(ctx.principal, Scope.ADMIN);
    return (await ctx.services.webhooks.create({ url: input.url, eventTypes: input.eventTypes }, actorOf(ctx.principal))) as CreatedWebhook;
  }

  @Mutation(() => Webhook, { description: "Stops deliveries to it at once" })
  async deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Webhook> {
    requireScope(ctx.principal, Scope.ADMIN);
    return (await ctx.services.webhooks.remove(id, actorOf(ctx.principal))) as Webhook;
  }
}
