export { createValueHashService, type ValueHashService } from "./value-hash.service.js";
export { legacyHash } from "./legacy-sha512.js";
