export { createApiKeyService, type ApiKeyService, type NewApiKey } from "./api-key.service.js";
export { API_KEY_PATTERN } from "./secret.js";
