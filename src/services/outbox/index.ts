export { createOutboxService, enqueueMessage, type OutboxService, type OutgoingMessage } from "./outbox.service.js";
export { createOutboxDelivery, MAX_DELIVERY_ATTEMPTS, smtpTransport, startOutboxDelivery, type DeliveryLoop, type OutboxDelivery } from "./delivery.js";
