export { createAuthTicketService, type AuthTicketService } from "./auth-ticket.service.js";
export { AuthTicketErrorCode } from "./error-codes.js";
export { isTicketShaped, type FreshToken, type HalfTicket, type TicketCheck } from "./check.js";
