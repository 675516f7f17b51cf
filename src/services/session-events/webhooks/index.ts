export { createWebhookService, type CreatedWebhook, type NewWebhook, type WebhookService } from "./webhook.service.js";
export { createWebhookDelivery, MAX_WEBHOOK_ATTEMPTS, retryDelayMs, type WebhookDelivery } from "./delivery.js";
export { WebhookErrorCode } from "./error-codes.js";
export { messageIdOf, webhookPayload } from "./payload.js";
