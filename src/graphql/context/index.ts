export type { GraphQLContext } from "./context.js";
export { createLoaders, type Loaders } from "./loaders.js";
export { principalFromAuthorization } from "./principal.js";
