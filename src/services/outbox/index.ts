export { createOutboxService, enqueueMessage, type OutboxService, type OutgoingMessage } from "./outbox.service.js";
