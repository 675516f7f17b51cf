import { ConfigError, loadConfig, type Config } from "./config/index.js";
import { createLogger, startServer } from "./http/index.js";

/** An invalid environment is the operator's to fix: one line naming the variable, no stack trace. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
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
