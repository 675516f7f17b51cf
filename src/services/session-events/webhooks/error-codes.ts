/** Codes of webhook management. */
export const WebhookErrorCode = {
  WEBHOOK_NOT_FOUND: "WEBHOOK_NOT_FOUND",
} as const;
