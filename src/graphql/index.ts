export { graphSchema } from "./schema.js";
export { createApolloServer } from "./server.js";
export { createLoaders, principalFromAuthorization, principalFromDeviceSignature, type GraphQLContext, type RequestClient } from "./context/index.js";
export { classifyError, type ClassifiedError } from "./errors/index.js";
export { printSchemaSdl } from "./sdl.js";
export { describeTextProblem, textProblem, type TextProblem } from "./limits/index.js";
