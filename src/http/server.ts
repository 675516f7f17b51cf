import type { AddressInfo } from "node:net";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { contracts as builtInContracts } from "#compat/index.js";
import { authHostRouting, servePasskeySockets } from "#compat/passkey-auth/index.js";
import { mountContract, resolveContract, type ContractSource } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";
import { connect, migrate, type Database } from "#src/db/index.js";
import { createApolloServer, graphSchema } from "#src/graphql/index.js";
import { systemClock, type Clock } from "#src/services/clock/index.js";
import { createServices, type Services } from "#src/services/index.js";
import { createHousekeeping } from "#src/services/housekeeping/index.js";
import { configureHashCost } from "#src/services/passwords/index.js";
import { createOutboxDelivery, smtpTransport, startOutboxDelivery } from "#src/services/outbox/index.js";
import { ensureDefaultRealm } from "#src/services/realms/index.js";
import { createOriginCheck } from "#src/services/origins/index.js";
import { apiHeaders, corsFor, type Handler } from "./browser/index.js";
import { fallbackErrorHandler, requestLogger } from "./fallback-errors.js";
import { graphqlRouter } from "./graphql-route.js";
import { serveGraphqlWs } from "./graphql-ws.js";
import { healthRouter } from "./health.js";
import { leanLane, type LeanLane } from "./lean-lane.js";
import { createLogger } from "./logger.js";
import { requestLog } from "./request-log.js";
import { startSessionEventServices } from "./session-events.js";
import { refuseUnclaimedUpgrades } from "./upgrades.js";
import { webUi } from "./web-ui.js";

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Contracts beyond the built-in ones (tests mount their own). */
  extraContracts?: ContractSource[];
  /** Sees every SQL statement (tests count queries). */
  onQuery?: (sql: string) => void;
}

export interface RunningServer {
  publicUrl: string;
  internalUrl: string;
  database: Database;
  services: Services;
  logger: Logger;
  /** Stops taking connections, lets requests in flight finish, closes the database. */
  stop(): Promise<void>;
}

/** cors: the public listener's CORS (browser/cors.ts), before the lean lane and express alike. */
function listen(app: Express, lane: LeanLane, port: number, host: string, cors?: Handler): Promise<Server> {
  return new Promise((resolve, reject) => {
    const serve = (req: IncomingMessage, res: ServerResponse) => lane(req, res) || app(req, res);
    // A request must arrive whole within these (Node's defaults are 60 s and 300 s): slow senders cannot hold sockets for long.
    const server = createServer({ headersTimeout: 15_000, requestTimeout: 30_000 }, (req, res) => {
      apiHeaders(res);
      if (cors) cors(req, res, () => serve(req, res));
      else serve(req, res);
    });
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/** How long requests in flight get to finish on stop before their connections are cut. */
const STOP_GRACE_MS = 5_000;

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // A connection still open after the grace (a client that never finishes its request) must not hold the stop.
    const cut = setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Every instance keeps house now and then (purge, reseal, scheduled key rotation); each step is safe side by side. */
function scheduleHousekeeping(config: Config, database: Database, clock: Clock, logger: Logger): NodeJS.Timeout | undefined {
  if (config.purgeIntervalSeconds === 0) return undefined;
  const housekeeping = createHousekeeping({ db: database.db, clock, config, changes: database.changes });
  const timer = setInterval(() => {
    housekeeping.run().then(
      (report) => logger.info(report, "housekeeping done"),
      (error: unknown) => logger.warn({ err: error }, "housekeeping failed"),
    );
  }, config.purgeIntervalSeconds * 1000);
  return timer.unref();
}

/** Opens the database, migrates, and serves the public and internal listeners. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  configureHashCost(config.passwordHash);
  let retries = 0;
  const database = await connect({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    maxConnections: config.databasePoolSize,
    onQuery: options.onQuery,
    onRetry: (event) => logger.warn({ ...event, retries: ++retries }, "transaction retried after a conflict"),
  });
  try {
    await migrate(database);
    const services = createServices({ db: database.db, clock: options.clock ?? systemClock, config, changes: database.changes });
    // Cached rows are only safe once this instance hears of every later change.
    await database.changes.ready();
    await ensureDefaultRealm(services.realms, services.clients, config.defaultRealm);
    // First start of the passkey contract: an admin whose one-time registration link only this log line shows.
    const adminLink = await services.passkeys.bootstrap();
    if (adminLink) logger.warn({ passkeyAdminLink: services.passkeys.linkUrl(adminLink.passphrase), expiresAt: adminLink.expiresAt.toISOString() }, "passkey admin created: register its passkey at this one-time link");
    // Keys are made on the first start, and a changed SECRETS_KEY stops the start rather than a login.
    await services.oidc.prepareSigningKeys((await services.realms.require(config.defaultRealm)).id);

    const schema = await graphSchema();
    const apollo = createApolloServer(schema, logger, { introspection: config.graphqlIntrospection });
    await apollo.start();

    const mountOptions = { schema, services, defaultRealm: config.defaultRealm, bodyLimit: config.bodyLimit, logger };
    const allContracts = [...builtInContracts, ...(options.extraContracts ?? [])].map((source) => resolveContract(source, config));
    const apps = { public: express(), internal: express() };
    const lanes = {} as Record<keyof typeof apps, LeanLane>;
    for (const [listener, app] of Object.entries(apps) as [keyof typeof apps, Express][]) {
      app.disable("x-powered-by");
      // No ETag: answers carry tokens and session state, which must not be revalidated from a cache.
      app.set("etag", false);
      app.set("trust proxy", config.trustProxy);
      app.use(requestLog(logger));
      app.use(healthRouter(database));
      // AUTH_HOST mode moves and hides passkey paths by host before any contract sees them.
      const hostRouting = listener === "public" ? authHostRouting(config) : undefined;
      if (hostRouting) app.use(hostRouting);
      const mounted = allContracts.filter((c) => c.listener === listener).map((contract) => mountContract(contract, mountOptions));
      for (const { router } of mounted) app.use(router);
      lanes[listener] = leanLane(mounted.flatMap((m) => m.lean), logger, config.trustProxy);
    }
    apps.public.use(graphqlRouter({ apollo, services, adminApiKey: config.adminApiKey, defaultRealm: config.defaultRealm, bodyLimit: config.bodyLimit, origins: createOriginCheck(config) }));
    apps.public.use(webUi(config));
    for (const app of Object.values(apps)) {
      app.use((_req, res) => void res.status(404).json({ error: "not found" }));
      app.use(fallbackErrorHandler((error, req) => requestLogger(req, logger).error({ err: error }, "request failed")));
    }

    const publicServer = await listen(apps.public, lanes.public, config.port, config.host, corsFor(config.cors));
    const internalServer = await listen(apps.internal, lanes.internal, config.internalPort, config.internalHost).catch(async (error) => {
      await close(publicServer);
      throw error;
    });
    refuseUnclaimedUpgrades(publicServer, new Set(["/graphql", "/auth/ws/register", "/auth/ws/authenticate"]));
    refuseUnclaimedUpgrades(internalServer, new Set());
    const housekeeping = scheduleHousekeeping(config, database, options.clock ?? systemClock, logger);
    const mail = config.smtpUrl
      ? startOutboxDelivery(createOutboxDelivery(database.db, options.clock ?? systemClock, smtpTransport(config.smtpUrl), config.mailFrom), 5_000, (error) =>
          logger.warn({ err: error }, "outbox delivery failed"))
      : undefined;
    const sessionEvents = startSessionEventServices(config, database, options.clock ?? systemClock, logger);
    const passkeySockets = servePasskeySockets({ server: publicServer, schema, services, config, logger });
    const graphqlWs = serveGraphqlWs({
      server: publicServer,
      schema,
      services,
      adminApiKey: config.adminApiKey,
      defaultRealm: config.defaultRealm,
      logger,
      sessionEvents: sessionEvents.channel,
      introspection: config.graphqlIntrospection,
    });
    let stopping: Promise<void> | undefined;
    return {
      publicUrl: urlOf(publicServer),
      internalUrl: urlOf(internalServer),
      database,
      services,
      logger,
      stop: () =>
        (stopping ??= (async () => {
          clearInterval(housekeeping);
          mail?.stop();
          await sessionEvents.stop();
          await graphqlWs.close();
          await passkeySockets.close();
          await Promise.all([close(publicServer), close(internalServer)]);
          await apollo.stop();
          services.rateLimits.close();
          await database.close();
        })()),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
