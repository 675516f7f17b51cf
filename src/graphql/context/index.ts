export type { GraphQLContext, RequestClient } from "./context.js";
export { createLoaders, type Loaders } from "./loaders.js";
export { principalFromAuthorization } from "./principal.js";
export { principalFromDeviceSignature } from "./device-principal.js";
