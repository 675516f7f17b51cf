import { loadConfig } from "./config/index.js";
import { createLogger, startServer } from "./http/index.js";

const config = loadConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config, { logger }).catch((error: unknown) => {
  logger.fatal({ err: error }, "could not start");
  process.exit(1);
});
logger.info({ public: server.publicUrl, internal: server.internalUrl, database: server.database.kind }, "identity server listening");

let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, "shutting down");
    const forced = setTimeout(() => process.exit(1), 10_000).unref();
    server.stop().then(
      () => {
        clearTimeout(forced);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
