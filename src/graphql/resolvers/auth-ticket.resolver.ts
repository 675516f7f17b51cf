import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context/index.js";
import { AuthTicketInput, AuthTicketLoginInput } from "../inputs/auth-ticket.input.js";
import { AuthTicket, AuthTicketCheck } from "../types/auth-ticket.type.js";

/**
 * The auth-service ticket as operations. Open to anonymous callers by design: the credentials or
 * the ticket in the input are the authorisation, judged by the rules in services/auth-tickets.
 * Ending and listing the ticket's sessions are the usual session operations (revokeSession,
 * revokeAllUserSessions with exceptSessionId, userSessions).
 */
@Resolver()
export class AuthTicketResolver {
  @Mutation(() => AuthTicket, { description: "Opens a browser session of the default realm for a username (or e-mail) and password" })
  async authTicketLogin(@Arg("input", () => AuthTicketLoginInput) input: AuthTicketLoginInput, @Ctx() ctx: GraphQLContext): Promise<AuthTicket> {
    const ticket = await ctx.services.authTickets.login({ ...input, ip: ctx.client.ip, userAgent: ctx.client.userAgent });
    return { userId: ticket.numericId, sessionId: ticket.sessionId, accessToken: ticket.accessToken, refreshToken: ticket.refreshToken, sessionExpiresAt: ticket.sessionExpiresAt };
  }

  @Query(() => AuthTicketCheck, {
    nullable: true,
    description: "Checks a ticket against its session now; null when no part is given (anonymous). With the refresh token alone (who-am-i) or both, answers with a fresh access token",
  })
  async authTicket(@Arg("input", () => AuthTicketInput) input: AuthTicketInput, @Ctx() ctx: GraphQLContext): Promise<AuthTicketCheck | null> {
    const tickets = ctx.services.authTickets;
    const check = input.accessToken ? await tickets.checkTicket(input, "always", "refused") : await tickets.checkCookie(input.refreshToken);
    if (check.outcome === "anonymous") return null;
    return { userId: check.session.numericId, sessionId: check.session.sessionId, accessToken: check.accessToken ?? null };
  }
}
