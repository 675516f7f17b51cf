import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { GraphQLError, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema, type ValidationRule } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import { createLoaders, principalFromAuthorization, type GraphQLContext } from "#src/graphql/index.js";
import { classifyError, createErrorFormatter } from "#src/graphql/errors/index.js";
import { aliasLimitRule, complexityError, depthLimitRule, errorsFor, parseLimited, wellFormedStringsRule, type IntrospectionMode } from "#src/graphql/limits/index.js";
import type { SessionEventChannel } from "#src/graphql/subscriptions/index.js";
import type { Principal } from "#src/services/access/index.js";
import type { Services } from "#src/services/index.js";

export interface GraphqlWsOptions {
  server: Server;
  schema: GraphQLSchema;
  services: Services;
  adminApiKey: string | undefined;
  defaultRealm: string;
  logger: Logger;
  sessionEvents: SessionEventChannel;
  /** Who sees "Did you mean" suggestions (introspection itself is not a subscription). */
  introspection: IntrospectionMode;
}

export interface GraphqlWs {
  close(): Promise<void>;
}

/** Subscription messages are small documents; anything bigger is refused by ws itself. */
const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * The socket serves subscriptions only: queries and mutations go through POST /graphql, where the
 * request log applies.
 */
const subscriptionsOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== "subscription") {
      context.reportError(new GraphQLError("only subscriptions are served over graphql-ws: send queries and mutations with POST /graphql", { nodes: [node] }));
    }
  },
});

const rules = [...specifiedRules, depthLimitRule, aliasLimitRule, wellFormedStringsRule, subscriptionsOnly];

/** The bearer of a connection: `authorization` in connection_init's payload (browsers cannot set headers on a WebSocket), else the upgrade request's header. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined, request: IncomingMessage): string | undefined {
  const fromParams = params?.authorization ?? params?.Authorization;
  return typeof fromParams === "string" ? fromParams : request.headers.authorization;
}

/**
 * The limits of POST /graphql, in the order it applies them: tokens while parsing, then the rules,
 * then the estimated cost. Errors go back to the subscriber as an error message, never a closed socket.
 */
function prepare(schema: GraphQLSchema, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }): ExecutionArgs | readonly GraphQLError[] {
  try {
    const document = parseLimited(payload.query);
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0) return invalid;
    const tooComplex = complexityError(schema, document, payload.operationName, payload.variables);
    if (tooComplex) return [tooComplex];
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol) on /graphql of the public listener, for
 * subscriptions. The caller is established once, at connection_init, as on POST /graphql: a
 * credential that names nobody closes the socket (4403); no credential is anonymous, which no
 * subscription accepts. Errors leave formatted as on POST /graphql.
 */
export function serveGraphqlWs(options: GraphqlWsOptions): GraphqlWs {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const principals = new WeakMap<WebSocket, Principal>();
  const formatError = createErrorFormatter(options.logger);
  // POST /graphql logs faults in errorLogPlugin; here they are logged as they are formatted.
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((error) => {
      if (classifyError(error).internal) options.logger.error({ err: error.originalError ?? error }, "graphql-ws operation failed");
      return formatError(error.toJSON(), error);
    });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Other paths belong to other upgrade handlers (or none).
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/graphql") return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  };
  options.server.on("upgrade", onUpgrade);

  const disposable = useServer(
    {
      schema: options.schema,
      onSubscribe: (_ctx, _id, payload) => prepare(options.schema, payload),
      async onConnect(ctx) {
        try {
          principals.set(ctx.extra.socket, await principalFromAuthorization(authorizationOf(ctx.connectionParams, ctx.extra.request), options.services, options.adminApiKey));
          return true;
        } catch (error) {
          options.logger.debug({ err: error }, "graphql-ws connection refused");
          return false;
        }
      },
      context: (ctx): GraphQLContext => ({
        principal: principals.get(ctx.extra.socket)!,
        services: options.services,
        loaders: createLoaders(options.services),
        defaultRealm: options.defaultRealm,
        client: { ip: ctx.extra.request.socket.remoteAddress ?? null, userAgent: ctx.extra.request.headers["user-agent"] ?? null },
        logger: options.logger,
        sessionEvents: options.sessionEvents,
      }),
      onNext: (ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(errorsFor(options.introspection, principals.get(ctx.extra.socket)!, result.errors)) } : undefined),
      onError: (ctx, _id, _payload, errors) => format(errorsFor(options.introspection, principals.get(ctx.extra.socket)!, errors)),
    },
    wss,
  );

  return {
    async close() {
      options.server.off("upgrade", onUpgrade);
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
