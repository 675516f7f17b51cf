export { graphSchema } from "./schema.js";
export { createApolloServer } from "./server.js";
export { createLoaders, principalFromAuthorization, type GraphQLContext } from "./context/index.js";
export { classifyError, type ClassifiedError } from "./errors/index.js";
export { printSchemaSdl } from "./sdl.js";
