export { startServer, type RunningServer, type StartOptions } from "./server.js";
export { createLogger } from "./logger.js";
