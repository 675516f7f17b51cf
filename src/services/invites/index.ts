export { createInviteService, INVITE_LIFESPAN, issueInvite, redeemInvite, type InviteRedemption, type InviteService } from "./invite.service.js";
